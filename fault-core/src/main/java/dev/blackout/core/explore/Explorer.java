package dev.blackout.core.explore;

import dev.blackout.core.check.Cancellation;
import dev.blackout.core.check.CheckPool;
import dev.blackout.core.check.CheckRequest;
import dev.blackout.core.check.CheckResult;
import dev.blackout.core.check.Checker;
import dev.blackout.core.check.Progress;
import dev.blackout.core.check.Shard;
import dev.blackout.core.check.Verdict;
import dev.blackout.core.image.ImageException;
import dev.blackout.core.image.MaterializeException;
import dev.blackout.core.image.DeltaMaterializer;
import dev.blackout.core.image.Materializer;
import dev.blackout.core.model.CrashState;
import dev.blackout.core.model.StateIds;
import dev.blackout.core.model.StateImages;
import dev.blackout.core.model.UnitGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The exploration entry point (design.md section 4): visits the crash points worth visiting, lets
 * the strategies propose states, drops duplicates by content before any checker runs, checks the
 * rest (in parallel, this shard's share), then minimizes, classifies and explains every failure
 * and groups failures by cause.
 */
public final class Explorer {

  /** Hears how an exploration is going. Called from one thread at a time. */
  public interface Listener {
    default void generated(long generated, long distinct) {}

    /** After every check, from the check pool (one call at a time). */
    default void progress(Progress progress) {}
  }

  /**
   * A state kept after deduplication: the state, its id, its content hash and how many markers
   * were acknowledged at its crash point.
   */
  public record Candidate(CrashState state, String id, String hash, int acks) {}

  /** Minimization may cost at most this many times the checks themselves (at least 100 states' worth). */
  static final int MINIMIZE_TOTAL_FACTOR = 4;

  /** Explaining the causes may cost at most this many times the checks (at least 100 states' worth). */
  static final int BLAME_TOTAL_FACTOR = 2;

  private final UnitGraph g;
  private final ExploreOptions options;
  private final StateImages images;

  public Explorer(UnitGraph g, ExploreOptions options) {
    this.g = g;
    this.options = options;
    this.images = new StateImages(g);
  }

  public StateImages images() {
    return images;
  }

  /** The crash points this exploration visits. */
  public List<Long> points() {
    return CrashPoints.visit(g, options.prune());
  }

  /**
   * The result of generation and deduplication.
   *
   * @param generated distinct state ids the strategies proposed
   * @param proposals states the strategies proposed, repeated ids included
   * @param distinct the states kept after deduplication, in check order
   * @param exhaustiveTruncated whether exhaustive enumeration stopped at its bound somewhere
   * @param budgetReached whether generation stopped because the budget of distinct states was
   *     reached (more states may exist)
   * @param estimatedStates a cheap estimate of how many distinct states the strategies could find
   *     in all (see {@link Exploration#estimatedStates()}), or -1 when none is cheap
   */
  public record Generated(
      long generated,
      long proposals,
      List<Candidate> distinct,
      boolean exhaustiveTruncated, boolean budgetReached, long estimatedStates) {
    public Generated {
      distinct = List.copyOf(distinct);
    }

    /** The ids of the distinct states, in check order. */
    public List<String> ids() {
      return distinct.stream().map(Candidate::id).toList();
    }

    /** Content hashes with acknowledgement counts of the distinct states. */
    public Set<String> contentKeys() {
      Set<String> out = new HashSet<>();
      distinct.forEach(c -> out.add(c.hash() + "#" + c.acks()));
      return out;
    }
  }

  /**
   * How many proposals in a row the random strategy (or a per-point strategy visiting points spread
   * over the trace) may make without finding a new distinct state before it stops: a space smaller
   * than the budget is then not sampled {@code 50 x budget} times over, and a trace whose every
   * barrier forces the same visible state does not cost a state image per barrier.
   */
  static final int RANDOM_SATURATION = 1000;

  /** Runs the strategies and deduplicates; no checker runs. */
  public Generated generate(Listener listener) {
    List<Long> points = points();
    Generator gen = new Generator(g, points, options);
    Set<String> seen = new HashSet<>();
    Map<String, Candidate> byKey = new LinkedHashMap<>();
    // how often the random strategy hit each content key (for the estimate of the total)
    Map<String, Integer> randomHits = new HashMap<>();
    long[] generated = {0};
    long[] attempts = {0};
    long[] sinceNew = {0};
    boolean[] inRandom = {false};
    boolean[] saturable = {false};
    boolean[] budgetHit = {false};
    boolean[] saturated = {false};
    int budget = options.budget();
    long maxAttempts = (long) budget * 50 + 1000;
    long saturation = RANDOM_SATURATION;
    Generator.Sink sink =
        state -> {
          if (byKey.size() >= budget) {
            budgetHit[0] = true;
            return false;
          }
          if (attempts[0]++ > maxAttempts) {
            return false;
          }
          if (saturable[0] && sinceNew[0]++ >= saturation) {
            saturated[0] = true;
            return false;
          }
          String id = StateIds.id(g, state);
          if (!seen.add(id)) {
            return true;
          }
          generated[0]++;
          String hash = images.image(state).contentHash();
          int acks = g.ackCountAt(state.point());
          String key = options.prune() ? hash : hash + "#" + acks;
          Candidate c = new Candidate(state, id, hash, acks);
          Candidate old = byKey.get(key);
          if (old == null) {
            sinceNew[0] = 0;
          }
          if (inRandom[0]) {
            randomHits.merge(key, 1, Integer::sum);
          }
          if (old == null
              || acks > old.acks()
              || (acks == old.acks() && state.point() > old.state().point())) {
            byKey.put(key, c);
          }
          if (generated[0] % 256 == 0) {
            listener.generated(generated[0], byKey.size());
          }
          return true;
        };
    boolean randomFollows = options.strategies().contains(Strategy.RANDOM);
    boolean completed = true;
    for (Strategy s : options.strategies()) {
      int quota =
          s == Strategy.RANDOM
              ? (int) Math.min(Integer.MAX_VALUE, maxAttempts)
              : randomFollows ? Math.max(4, budget / Math.max(1, 2 * points.size())) : Integer.MAX_VALUE;
      inRandom[0] = s == Strategy.RANDOM;
      // per-point strategies visiting points spread over the trace stop the same way: a thousand
      // equal states in a row (the same forced units of file never made reachable, say) are enough
      saturable[0] = inRandom[0] || (g.pendingMayPersist() && s != Strategy.EXHAUSTIVE);
      sinceNew[0] = 0;
      if (!gen.run(s, sink, quota)) {
        if (!saturated[0]) {
          completed = false;
          break;
        }
        saturated[0] = false;
        if (!inRandom[0]) {
          completed = false; // a per-point strategy cut short: its end was not seen
        }
      }
    }
    listener.generated(generated[0], byKey.size());
    List<Candidate> distinct = new ArrayList<>(byKey.values());
    distinct.sort(Comparator.comparingLong((Candidate c) -> c.state().point()).thenComparing(Candidate::id));
    long estimate = estimate(points, distinct, budgetHit[0], completed, randomHits);
    return new Generated(generated[0], attempts[0], distinct, gen.exhaustiveTruncated, budgetHit[0], estimate);
  }

  /**
   * A cheap estimate of the number of distinct states the strategies would find without a budget:
   * exact when every strategy ran to its end; under a model with one state per crash point,
   * extrapolated from the crash points covered when
   * the budget stopped such a model; otherwise Chao1's estimator over the random strategy's
   * repeated hits (distinct + f1² / 2f2, with f1 and f2 the contents it hit once and twice); -1
   * when none applies.
   */
  private long estimate(
      List<Long> points, List<Candidate> distinct, boolean budgetHit, boolean completed, Map<String, Integer> randomHits) {
    long d = distinct.size();
    if (completed && !budgetHit) {
      return d;
    }
    if (!g.pendingMayPersist()) {
      long lastPoint = distinct.stream().mapToLong(c -> c.state().point()).max().orElse(0);
      long covered = points.stream().filter(p -> p <= lastPoint).count();
      return covered == 0 ? -1 : Math.max(d, Math.round((double) d * points.size() / covered));
    }
    if (randomHits.isEmpty()) {
      return -1;
    }
    long f1 = randomHits.values().stream().filter(h -> h == 1).count();
    long f2 = randomHits.values().stream().filter(h -> h == 2).count();
    double extra = f2 > 0 ? (double) f1 * f1 / (2.0 * f2) : f1 * (f1 - 1) / 2.0;
    return d + Math.round(extra);
  }

  /**
   * Explores: generation, deduplication, checking of the states {@code shard} owns, then
   * minimization of each failure.
   *
   * @param checker the user's check (run through {@link Checker#run}: it never stops the run)
   * @param workDir where states are materialized; failing ones stay there
   * @param jobs how many checks run at once
   */
  public Exploration explore(Checker checker, Path workDir, int jobs, Shard shard, Listener listener)
      throws IOException {
    Files.createDirectories(workDir);
    keptStates.set(0);
    keptBytes.set(0);
    droppedStates.set(0);
    Generated gen = generate(listener);
    List<Candidate> mine = shard.select(gen.distinct(), Candidate::id);
    List<CheckResult> results = check(mine, checker, workDir, jobs, listener);
    Minimizer minimizer = new Minimizer(g, images, checker, workDir);
    Explainer explainer = new Explainer(g);
    List<Violation> violations = new ArrayList<>();
    Map<Violation, CrashState> minimized = new java.util.IdentityHashMap<>();
    Map<String, List<Violation>> byCause = new LinkedHashMap<>();
    for (int i = 0; i < mine.size(); i++) {
      CheckResult r = results.get(i);
      if (r.passed()) {
        continue;
      }
      Candidate c = mine.get(i);
      List<String> acked = g.ackedAt(c.state().point());
      Path dir = workDir.resolve(dirName(c));
      String kept = Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? dir.toString() : null;
      String fullId = StateIds.format(g, c.state());
      Violation v;
      if (r.outcome() == CheckResult.Outcome.FAIL) {
        // every failure gets at most minimizeCalls checker runs, and all of them together at most
        // MINIMIZE_TOTAL_FACTOR times the number of states checked (then they stay as found)
        int left = (int) Math.max(0, Math.min(options.minimizeCalls(),
            (long) MINIMIZE_TOTAL_FACTOR * Math.max(100, mine.size()) - minimizer.calls()));
        CrashState min = minimizer.minimize(c.state(), acked, left);
        Verdict.Kind cls = minimizer.classify(min, acked);
        Explainer.Words w = explainer.explain(min, cls);
        String fullMin = StateIds.format(g, min);
        v = new Violation(c.id(), c.state().point(), StateIds.shorten(fullMin), r.outcome(), cls, w.explanation(),
            w.cause(), r.output(), acked, w.persisted(), w.omitted(), w.torn(), kept, null, fullId, fullMin);
        minimized.put(v, min);
      } else {
        Verdict.Kind cls = r.outcome() == CheckResult.Outcome.TIMEOUT ? Verdict.Kind.TIMEOUT : Verdict.Kind.CHECKER_ERROR;
        Explainer.Words w = explainer.explain(c.state(), cls);
        v = new Violation(c.id(), c.state().point(), c.id(), r.outcome(), cls, reason(r), cls.name(),
            r.output(), acked, w.persisted(), w.omitted(), w.torn(), kept, null, fullId, fullId);
      }
      violations.add(v);
      byCause.computeIfAbsent(v.cause(), k -> new ArrayList<>()).add(v);
    }
    // Each cause's example is blamed: what its failure depends on (the lost units whose
    // restoration makes it pass, the later unit it needs) names the fix; causes whose examples
    // blame alike become one, and every violation takes its group's cause and fix.
    Map<Violation, Violation> regrouped = new java.util.IdentityHashMap<>();
    Map<String, List<Violation>> groups = new LinkedHashMap<>();
    Map<String, Violation> examples = new HashMap<>();
    int blameCap = BLAME_TOTAL_FACTOR * Math.max(100, mine.size());
    int blameStart = minimizer.calls();
    for (List<Violation> vs : byCause.values()) {
      // the smallest state, and among equally small ones the shortest story (a lost rename before
      // its ack reads better than a lost create whose loss takes the rename with it)
      Violation smallest = vs.stream().min(Comparator.comparingInt((Violation v) -> v.fullMinimizedId().length())
          .thenComparingInt(v -> v.explanation().length())
          .thenComparing(Violation::minimizedId)).orElseThrow();
      Violation example = smallest;
      CrashState min = minimized.get(smallest);
      if (min != null) {
        int left = Math.max(0, Math.min(options.minimizeCalls(), blameCap - (minimizer.calls() - blameStart)));
        Minimizer.Blame b = minimizer.blame(min, smallest.acked(), smallest.classification(), left);
        example = smallest.explainedAs(explainer.explain(min, smallest.classification(), b));
      }
      // of causes that became one, the earliest crash point tells it best (an acknowledgement of
      // data not yet written, rather than the loss of that data once it was)
      Violation known = examples.get(example.cause());
      if (known == null || example.crashPoint() < known.crashPoint()) {
        examples.put(example.cause(), example);
      }
      List<Violation> group = groups.computeIfAbsent(example.cause(), k -> new ArrayList<>());
      for (Violation v : vs) {
        Violation nv = v == smallest ? example : v.groupedWith(example);
        regrouped.put(v, nv);
        group.add(nv);
      }
    }
    violations.replaceAll(regrouped::get);
    List<Exploration.Cause> causes = new ArrayList<>();
    groups.forEach((cause, vs) -> {
      Violation example = examples.get(cause);
      causes.add(new Exploration.Cause(example.classification(), example.explanation(), vs.size(),
          example.minimizedId()));
    });
    causes.sort(Comparator.comparingInt((Exploration.Cause c) -> -c.states()).thenComparing(Exploration.Cause::exampleId));
    long points = g.opCount() + 1L;
    return new Exploration(gen.generated(), gen.distinct().size(), mine.size(), violations, causes, points,
        points().size(), gen.exhaustiveTruncated(), gen.budgetReached(), gen.estimatedStates(), keptStates.get(),
        droppedStates.get());
  }

  private List<CheckResult> check(List<Candidate> states, Checker checker, Path workDir, int jobs, Listener listener)
      throws IOException {
    AtomicReference<MaterializeException> unwritable = new AtomicReference<>();
    Cancellation cancellation = new Cancellation();
    // each check thread writes its states from the directory of its last one (states are checked
    // in crash-point order, so consecutive ones differ little)
    Map<Thread, DeltaMaterializer> writers = new java.util.concurrent.ConcurrentHashMap<>();
    CheckPool.Results<Candidate> outcome;
    try {
      outcome = new CheckPool(Math.max(1, jobs)).run(
        states,
        c -> {
          try {
            return checkOne(c, checker, workDir, writers.computeIfAbsent(Thread.currentThread(), t -> new DeltaMaterializer()));
          } catch (MaterializeException e) {
            // the state, not the checker, failed: stop the run and say so (never a checker error)
            unwritable.compareAndSet(null, e);
            cancellation.cancel();
            return CheckResult.error(e.getMessage());
          }
        },
        new CheckPool.Listener<>() {
          @Override
          public void onProgress(Progress progress) {
            listener.progress(progress);
          }
        },
        cancellation);
    } finally {
      for (DeltaMaterializer w : writers.values()) {
        try {
          w.close();
        } catch (IOException e) {
          // the last passing state's directory stays in the work directory
        }
      }
    }
    if (unwritable.get() != null) {
      throw unwritable.get();
    }
    List<CheckResult> out = new ArrayList<>();
    outcome.results().forEach(d -> out.add(d.result()));
    return out;
  }

  private final java.util.concurrent.atomic.AtomicLong keptStates = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong keptBytes = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong droppedStates = new java.util.concurrent.atomic.AtomicLong();

  private CheckResult checkOne(Candidate c, Checker checker, Path workDir, DeltaMaterializer writer)
      throws IOException {
    Path dir = workDir.resolve(dirName(c));
    Workspace.deleteQuietly(dir);
    try {
      writer.materialize(images.image(c.state()), dir);
    } catch (IOException | ImageException e) {
      writer.forget();
      throw MaterializeException.of(c.id(), e);
    }
    CheckResult r = checker.run(new CheckRequest(dir, g.ackedAt(c.state().point()), c.id(), g.model()));
    if (!r.passed() && keep(dir)) {
      writer.forget(); // kept as it failed: the next state is written afresh
    }
    return r;
  }

  /** Whether a failing state's directory may stay on disk within the limits; counts it if so. */
  private boolean keep(Path dir) {
    long bytes = Workspace.size(dir);
    synchronized (keptStates) {
      if (keptStates.get() < options.keepStates() && keptBytes.get() + bytes <= options.keepBytes()) {
        keptStates.incrementAndGet();
        keptBytes.addAndGet(bytes);
        return true;
      }
    }
    droppedStates.incrementAndGet();
    return false;
  }

  /**
   * Where a state is kept: its id, with ':' (torn block ranges) spelled '=' because tools that
   * split paths on ':' (Derby's JDBC URLs, PATH-like variables) cannot open such a directory (ids
   * are short: see {@link StateIds#id}).
   */
  static String dirName(Candidate c) {
    return c.id().replace(':', '=');
  }

  /**
   * Why the check could not judge, in one line: for a timeout the note of whoever stopped it
   * ("[blackout: killed after the timeout of 5 s]"), else the first line the check printed.
   */
  static String reason(CheckResult r) {
    String out = r.output();
    if (r.outcome() == CheckResult.Outcome.TIMEOUT) {
      int at = out.lastIndexOf("[blackout: ");
      int end = at < 0 ? -1 : out.indexOf(']', at);
      if (end > 0) {
        return "the check was " + out.substring(at + "[blackout: ".length(), end);
      }
      String first = firstLine(out);
      return first.isEmpty() ? "the check timed out" : first;
    }
    String first = firstLine(out);
    return first.isEmpty() ? "the check failed and printed nothing" : first;
  }

  /** The first line that is not blank, stripped; empty if there is none. */
  private static String firstLine(String s) {
    return s.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
  }

}
