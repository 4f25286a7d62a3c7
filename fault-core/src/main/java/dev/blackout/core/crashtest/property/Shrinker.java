package dev.blackout.core.crashtest.property;

import dev.blackout.core.crashtest.CrashReport;
import dev.blackout.core.crashtest.CrashScenario;
import dev.blackout.core.explore.Exploration;
import dev.blackout.core.explore.Violation;
import dev.blackout.core.explore.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Runs a {@link StoreProperty}: draws sequences from the seed, records each once and explores it
 * under every model, and shrinks the first failing one under the model it failed under. Shrinking
 * re-records every candidate and keeps it when it still fails; "smaller" is, in this order: a
 * shorter sequence (cut after the action that follows the earliest failing crash point, then
 * chunks removed, halves first, down to single actions), then smaller arguments (each argument's
 * generator proposes smaller values, e.g. {@code "k0"} before {@code "k2"}, shorter strings,
 * numbers toward the minimum). It stops when no candidate fails, or at the attempt or time limit.
 * A candidate one of whose actions throws while it is recorded (it needs an action that was
 * removed) does not count as failing; a drawn sequence whose action throws ends the run with the
 * sequence and the seed.
 */
public final class Shrinker<S> {

  /**
   * How hard shrinking may try: at most {@code attempts} re-recorded candidates and {@code time}
   * in all. The time limit is the only thing that can make a run depend on the machine's speed.
   */
  public record Limits(int attempts, Duration time) {
    /** 100 attempts, 120 s. */
    public static final Limits DEFAULT = new Limits(100, Duration.ofSeconds(120));

    public Limits {
      if (attempts < 0 || time.isNegative()) {
        throw new IllegalArgumentException("shrink limits must not be negative");
      }
    }
  }

  private final StoreProperty<S> property;
  private final List<String> models;
  private final long seed;
  private final Limits limits;
  private final Path workDir;
  private final UnaryOperator<CrashScenario> configure;

  private final Map<String, Integer> actionCounts = new LinkedHashMap<>();
  private final Set<String> causes = new LinkedHashSet<>();
  private long statesChecked;
  private int serial;

  Shrinker(StoreProperty<S> property, List<String> models, long seed, Limits limits, Path workDir,
      UnaryOperator<CrashScenario> configure) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("no model given");
    }
    this.property = property;
    this.models = List.copyOf(models);
    this.seed = seed;
    this.limits = limits;
    this.workDir = workDir;
    this.configure = configure;
  }

  PropertyReport run(int tries) throws IOException {
    if (tries < 1) {
      throw new IllegalArgumentException("tries " + tries + " is not a positive number");
    }
    long start = System.nanoTime();
    Random random = new Random(seed);
    for (int t = 1; t <= tries; t++) {
      List<Call> calls = property.draw(random);
      property.countByAction(calls).forEach((a, n) -> actionCounts.merge(a, n, Integer::sum));
      CrashReport r;
      try {
        r = attempt(calls, models, "try-" + t, true);
      } catch (ActionException e) {
        List<String> seq = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
          seq.add((i + 1) + ". " + calls.get(i));
        }
        throw new IOException("property '" + property.name() + "': sequence " + t + " of " + tries
            + " (seed " + seed + ") failed while it was recorded, before any crash: "
            + e.getMessage() + "; the sequence: " + String.join(", ", seq), e);
      }
      if (!r.passed()) {
        String model = r.failures().get(0).model();
        Duration first = Duration.ofNanos(System.nanoTime() - start);
        return shrink(tries, t, calls, model, only(r, model), first, start);
      }
    }
    return new PropertyReport(property.name(), property.javaName(), models, seed, tries, tries,
        actionCounts, statesChecked, List.copyOf(causes), null, null, null, null, 0, null, null,
        limits, false, List.of());
  }

  /** The report of {@code r} restricted to {@code model}. */
  private static CrashReport only(CrashReport r, String model) {
    return new CrashReport(r.seed(), Map.of(model, r.explorations().get(model)), r.trace(),
        r.evidence(), r.budget(), r.exhaustiveAsked());
  }

  /**
   * Records and explores {@code calls}; a try ({@code counted}) adds to the coverage. An action
   * that throws while the sequence is recorded ends it with an {@link ActionException}.
   */
  private CrashReport attempt(List<Call> calls, List<String> under, String name, boolean counted)
      throws IOException {
    Path dir = workDir.resolve(name);
    Workspace.delete(dir);
    CrashReport r;
    try {
      r = configure.apply(property.scenario(calls)).models(under.toArray(new String[0]))
          .seed(seed).workDir(dir).run();
    } catch (IOException e) {
      ActionException a = ActionException.in(e);
      if (a == null) {
        throw e;
      }
      Workspace.delete(dir);
      throw a;
    }
    for (Exploration e : counted ? r.explorations().values() : List.<Exploration>of()) {
      statesChecked += e.checked();
      e.causes().forEach(c -> causes.add(c.classification() + ": " + c.explanation()
          .replaceAll("#\\d+ ?", "")));
    }
    return r;
  }

  private PropertyReport shrink(int tries, int failedTry, List<Call> failing, String model,
      CrashReport report, Duration first, long start) throws IOException {
    long deadline = start + limits.time().toNanos() + first.toNanos();
    List<Call> best = failing;
    CrashReport bestReport = report;
    Set<List<Call>> tried = new HashSet<>();
    tried.add(best);
    int attempts = 0;
    boolean limitHit = false;
    boolean progress = true;
    while (progress) {
      progress = false;
      for (List<Call> candidate : candidates(best, bestReport, model)) {
        if (!tried.add(candidate)) {
          continue;
        }
        if (attempts >= limits.attempts() || System.nanoTime() > deadline) {
          limitHit = true;
          break;
        }
        attempts++;
        CrashReport r;
        try {
          r = attempt(candidate, List.of(model), "shrink-" + (++serial), false);
        } catch (ActionException e) {
          continue; // the candidate cannot even run (an action needs one that was removed)
        }
        if (!r.passed()) {
          deleteEvidence(bestReport);
          best = candidate;
          bestReport = r;
          progress = true;
          break;
        }
      }
    }
    Duration total = Duration.ofNanos(System.nanoTime() - start);
    List<String> java = new ArrayList<>();
    best.forEach(c -> java.add(property.java(c)));
    return new PropertyReport(property.name(), property.javaName(), models, seed, tries, failedTry,
        actionCounts, statesChecked, List.copyOf(causes), model, failing, best, bestReport,
        attempts, first, total, limits, limitHit, java);
  }

  private static void deleteEvidence(CrashReport r) throws IOException {
    if (r.evidence() != null) {
      Workspace.delete(r.evidence());
    }
  }

  /** Smaller sequences than {@code seq}, in the order they are tried. */
  private List<List<Call>> candidates(List<Call> seq, CrashReport report, String model) {
    List<List<Call>> out = new ArrayList<>();
    int cut = cutAfter(seq, report, model);
    if (cut < seq.size()) {
      out.add(List.copyOf(seq.subList(0, cut)));
    }
    for (int size = Math.max(1, seq.size() / 2); size >= 1; size = size == 1 ? 0 : Math.max(1, size / 2)) {
      for (int from = 0; from + size <= seq.size(); from += size) {
        if (seq.size() - size < 1) {
          continue;
        }
        List<Call> c = new ArrayList<>(seq.subList(0, from));
        c.addAll(seq.subList(from + size, seq.size()));
        out.add(List.copyOf(c));
      }
    }
    for (int i = 0; i < seq.size(); i++) {
      Call call = seq.get(i);
      for (int j = 0; j < call.args().size(); j++) {
        for (Object smaller : property.gen(call, j).shrink(call.args().get(j))) {
          List<Object> args = new ArrayList<>(call.args());
          args.set(j, smaller);
          List<Call> c = new ArrayList<>(seq);
          c.set(i, new Call(call.action(), args));
          out.add(List.copyOf(c));
        }
      }
    }
    return out;
  }

  /**
   * How many actions the earliest failing crash state needs: through the first acknowledging
   * action after the last one it saw acknowledged (the crash came before that acknowledgement).
   */
  private int cutAfter(List<Call> seq, CrashReport report, String model) {
    Exploration e = report.explorations().get(model);
    Violation earliest = e.violations().stream()
        .min(Comparator.comparingLong(Violation::crashPoint)).orElse(null);
    if (earliest == null) {
      return seq.size();
    }
    int a = StoreProperty.acknowledged(earliest.acked());
    for (int i = a; i < seq.size(); i++) {
      if (property.action(seq.get(i).action()).acks()) {
        return i + 1;
      }
    }
    return seq.size();
  }
}
