package dev.blackout.core.crashtest;

import dev.blackout.core.check.Verdict;
import dev.blackout.core.explore.Exploration;
import dev.blackout.core.explore.Violation;
import dev.blackout.core.explore.Workspace;
import dev.blackout.core.image.Materializer;
import dev.blackout.core.model.CrashState;
import dev.blackout.core.model.ModelOptions;
import dev.blackout.core.model.PersistenceModel;
import dev.blackout.core.model.StateIds;
import dev.blackout.core.model.StateImages;
import dev.blackout.core.model.UnitGraph;
import dev.blackout.core.trace.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link CrashScenario} run found, per model: the explorations with their coverage, and
 * every failing crash state with its minimized explanation, classification, state id and replay
 * command.
 *
 * @param seed the seed the exploration used (give it back with {@link CrashScenario#seed})
 * @param explorations per model, in the order the models were named
 * @param trace the recorded trace, kept when something failed or keeping was asked for (else null)
 * @param evidence the working directory kept with the trace and failing states (else null)
 * @param budget the most distinct states checked per model ({@link Integer#MAX_VALUE}: none)
 * @param exhaustiveAsked whether the run was asked to be {@linkplain CrashScenario#exhaustive
 *     exhaustive}
 */
public record CrashReport(long seed, Map<String, Exploration> explorations, Path trace,
    Path evidence, int budget, boolean exhaustiveAsked) {

  /** How many causes after the first {@link #failureMessage} lists before summing up the rest. */
  static final int OTHER_CAUSES_SHOWN = 2;

  /**
   * One failing crash state.
   *
   * @param model the persistence model that produced it
   * @param violation the state, minimized, classified and explained (its {@code statePath} is where
   *     the failing state was kept)
   * @param replayCommand the command line rebuilding the minimized state from the kept trace
   */
  public record Failure(String model, Violation violation, String replayCommand) {}

  /**
   * How much of one model's crash states a run looked at.
   *
   * @param model the persistence model
   * @param crashPoints the crash points of the trace (one after each op, and the start)
   * @param visited the crash points explored (the others add no state under pruning,
   *     docs/exploration.md)
   * @param generated distinct state ids the strategies produced
   * @param distinct states left after deduplication by content
   * @param checked states the check ran on
   * @param failing checked states that failed
   * @param budget the most distinct states checked ({@link Integer#MAX_VALUE}: none)
   * @param budgetHit whether the budget stopped generation (more states were there)
   * @param estimated the explorer's estimate of the distinct states there are ({@link
   *     Exploration#estimatedStates}), -1 when it has none
   * @param exhaustiveAsked whether an exhaustive run was asked for
   * @param exhaustive whether every state of the visited crash points was checked: asked for, the
   *     budget not hit and the per-point enumeration bound never reached
   */
  public record Coverage(String model, long crashPoints, long visited, long generated,
      long distinct, long checked, long failing, int budget, boolean budgetHit, long estimated,
      boolean exhaustiveAsked, boolean exhaustive) {

    /**
     * One line: {@code posix: 12 of 19 crash points visited, 40 states generated, 23 distinct,
     * 23 checked, 1 failing; budget 200 not reached}.
     */
    public String summary() {
      return model + ": " + visited + " of " + crashPoints + " crash points visited, " + generated
          + " states generated, " + distinct + " distinct, " + checked + " checked, " + failing
          + " failing; " + completeness();
    }

    /** Whether the budget cut the exploration, and for an exhaustive run whether it really was. */
    public String completeness() {
      String b = budget == Integer.MAX_VALUE ? "no budget"
          : budgetHit ? "the budget (" + budget + " distinct states) cut the exploration"
              + (estimated > distinct ? " (~" + estimated + " states estimated)" : "")
          : "budget " + budget + " not reached";
      if (!exhaustiveAsked) {
        return b;
      }
      if (exhaustive) {
        return "exhaustive: every crash state of the visited crash points was checked (torn writes:"
            + " one at a time)";
      }
      return "NOT exhaustive: " + (budgetHit ? b
          : "the enumeration stopped at its bound (4096 states) at some crash point");
    }

    /** The numbers as JUnit report entries ({@code blackout.posix.checked} = {@code 23}, ...). */
    public Map<String, String> entries() {
      Map<String, String> m = new LinkedHashMap<>();
      String p = "blackout." + model + ".";
      m.put(p + "crashPoints", Long.toString(crashPoints));
      m.put(p + "visited", Long.toString(visited));
      m.put(p + "generated", Long.toString(generated));
      m.put(p + "distinct", Long.toString(distinct));
      m.put(p + "checked", Long.toString(checked));
      m.put(p + "failing", Long.toString(failing));
      m.put(p + "budget", budget == Integer.MAX_VALUE ? "none" : Integer.toString(budget));
      m.put(p + "budgetHit", Boolean.toString(budgetHit));
      if (estimated >= 0) {
        m.put(p + "estimatedStates", Long.toString(estimated));
      }
      if (exhaustiveAsked) {
        m.put(p + "exhaustive", Boolean.toString(exhaustive));
      }
      return m;
    }
  }

  public CrashReport {
    explorations = Collections.unmodifiableMap(new LinkedHashMap<>(
        Objects.requireNonNull(explorations, "explorations")));
  }

  /** A report of a run with the default budget, not exhaustive. */
  public CrashReport(long seed, Map<String, Exploration> explorations, Path trace, Path evidence) {
    this(seed, explorations, trace, evidence, CrashScenario.DEFAULT_BUDGET, false);
  }

  /** True when every checked state of every model was accepted. */
  public boolean passed() {
    return failures().isEmpty();
  }

  /** Every failing state (violations, checker errors and timeouts), model by model. */
  public List<Failure> failures() {
    List<Failure> out = new ArrayList<>();
    explorations.forEach((model, e) -> {
      for (Violation v : e.violations()) {
        out.add(new Failure(model, v, replayCommand(model, v.minimizedId())));
      }
    });
    return out;
  }

  /** Per model, in order: how much was looked at. */
  public Map<String, Coverage> coverage() {
    Map<String, Coverage> out = new LinkedHashMap<>();
    explorations.forEach((model, e) -> {
      boolean complete = exhaustiveAsked && !e.budgetReached() && !e.exhaustiveTruncated();
      out.put(model, new Coverage(model, e.crashPoints(), e.visited(), e.generated(), e.distinct(),
          e.checked(), e.violations().size(), budget, e.budgetReached(), e.estimatedStates(),
          exhaustiveAsked, complete));
    });
    return out;
  }

  /** {@link Coverage#summary} of every model, one line each. */
  public String coverageSummary() {
    StringBuilder b = new StringBuilder();
    coverage().values().forEach(c -> b.append(b.length() == 0 ? "" : "\n").append(c.summary()));
    return b.toString();
  }

  /**
   * The command rebuilding {@code stateId} of the kept trace under {@code model} with only a JDK:
   * {@code java -jar .../fault-cli-VERSION.jar replay --trace T --model M --state ID --out DIR}
   * (the executable jar of {@code dev.blackout:fault-cli}; {@code blackout replay} is the same).
   */
  public String replayCommand(String model, String stateId) {
    return ReplayTool.javaJar() + " replay --trace " + (trace == null ? "TRACE" : trace)
        + " --model " + model + " --state " + stateId + " --out DIR";
  }

  /**
   * Crash state {@code stateId} of {@code model} rebuilt from the kept trace into a fresh
   * directory under the evidence ({@code MODEL/rebuilt/ID}), as the check saw it before running.
   *
   * @throws IllegalStateException when the trace was not kept (the run passed without {@link
   *     CrashScenario#keepTrace})
   * @throws IllegalArgumentException for a state id that is not one of this trace under the model
   */
  public Path state(String model, String stateId) throws IOException {
    if (trace == null) {
      throw new IllegalStateException("the trace was not kept (the run passed); ask for it with"
          + " keepTrace(true) or -Dblackout.keepTraces=true");
    }
    Path base = evidence != null ? evidence : trace.toAbsolutePath().getParent();
    String dir = stateId.replace(':', '=');
    if (dir.length() > 100) {
      dir = dir.substring(0, 60) + "-" + Integer.toHexString(stateId.hashCode());
    }
    Path out = base.resolve(model).resolve("rebuilt").resolve(dir);
    Workspace.delete(out);
    Files.createDirectories(out.getParent());
    return rebuild(trace, model, stateId, out);
  }

  /**
   * Rebuilds crash state {@code stateId} of {@code trace} under {@code model} (default model
   * options, as crash tests use) into {@code out}, which must not exist; returns {@code out}.
   *
   * @throws IllegalArgumentException for an unknown model or a state id not of this trace
   */
  public static Path rebuild(Path trace, String model, String stateId, Path out)
      throws IOException {
    UnitGraph g = PersistenceModel.of(model, ModelOptions.defaults()).build(TraceReader.read(trace));
    CrashState s = StateIds.parse(g, stateId);
    Materializer.materialize(new StateImages(g).image(s), out);
    return out;
  }

  /**
   * The report as a test failure, short: per failing model, how many checked states fail (and
   * whether the budget cut the exploration), the first cause (atomicity before ordering before
   * durability) in full (classification, minimized explanation, the fix naming the missing barrier,
   * what the check said, the acknowledgements, the state id and where it was kept, the replay
   * command), the next causes in one line each, then the seed and where the evidence is. Empty
   * when the run passed.
   */
  public String failureMessage() {
    if (passed()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    Map<String, Coverage> cov = coverage();
    explorations.forEach((model, e) -> {
      if (e.violations().isEmpty()) {
        return;
      }
      int causes = e.causes().size();
      b.append(b.length() == 0 ? "" : "\n").append("crash test failed under ").append(model)
          .append(": ").append(e.violations().size()).append(" of ").append(e.checked())
          .append(" checked crash states fail, ").append(causes)
          .append(causes == 1 ? " cause" : " causes").append('\n');
      Coverage c = cov.get(model);
      if (c.budgetHit() || c.exhaustiveAsked()) {
        b.append("  ").append(c.completeness()).append(c.budgetHit() ? " (" + c.generated()
            + " states generated; later ones were not checked)" : "").append('\n');
      }
      List<Exploration.Cause> byKind = new ArrayList<>(e.causes());
      byKind.sort(Comparator.comparingInt(x -> x.classification().ordinal()));
      Exploration.Cause first = byKind.get(0);
      Violation v = example(e, first);
      b.append("  ").append(first.classification()).append(": ").append(first.explanation())
          .append('\n');
      b.append("    fix: ").append(v.fix() != null ? v.fix() : hint(first.classification()))
          .append('\n');
      String said = checkerMessage(v.checkerOutput());
      if (!said.isEmpty()) {
        b.append("    check said: ").append(said).append('\n');
      }
      b.append("    state ").append(v.minimizedId()).append(" (acknowledged: ")
          .append(acks(v.acked())).append(')');
      if (v.statePath() != null) {
        b.append(", kept ").append(v.minimizedId().equals(v.stateId()) ? "" : "unminimized ")
            .append("in ").append(v.statePath());
      }
      b.append('\n');
      b.append("    replay: ").append(replayCommand(model, v.minimizedId())).append('\n');
      for (int i = 1; i < causes && i <= OTHER_CAUSES_SHOWN; i++) {
        Exploration.Cause o = byKind.get(i);
        b.append("  also ").append(o.classification()).append(": ").append(o.explanation())
            .append(" (state ").append(o.exampleId()).append(")\n");
      }
      if (causes > OTHER_CAUSES_SHOWN + 1) {
        int more = causes - OTHER_CAUSES_SHOWN - 1;
        b.append("  ... and ").append(more).append(more == 1 ? " more cause\n" : " more causes\n");
      }
    });
    b.append("seed ").append(seed);
    if (evidence != null) {
      b.append("; trace and failing states kept in ").append(evidence);
    }
    if (!ReplayTool.found()) {
      b.append("\nreplay needs the executable jar ").append(ReplayTool.coordinates()).append(": ")
          .append(ReplayTool.fetchCommand());
    }
    return b.toString();
  }

  /** What a failure of this kind usually asks of the code under test. */
  static String hint(Verdict.Kind c) {
    return switch (c) {
      case ATOMICITY -> "an update was only partly on disk; write a new file, fsync it, then rename"
          + " it over the old one";
      case ORDERING -> "a later operation reached the disk before an earlier one; fsync in between"
          + " (e.g. the file before renaming it)";
      case DURABILITY -> "something was acknowledged before it was durable; fsync the file (after a"
          + " create or rename, its directory too) before acknowledging";
      case CHECKER_ERROR -> "the check itself failed; run it by hand on the kept state";
      case TIMEOUT -> "the check did not finish; look for a hang in recovery, or raise"
          + " timeout(...)";
      case CONSISTENT -> "none: the state is consistent";
    };
  }

  private static Violation example(Exploration e, Exploration.Cause c) {
    return e.violations().stream().filter(v -> v.minimizedId().equals(c.exampleId()))
        .findFirst()
        .orElseGet(() -> e.violations().stream()
            .filter(v -> v.classification() == c.classification())
            .min(Comparator.comparing(Violation::stateId)).orElseThrow());
  }

  private static final String ASSERT_TRUE_TAIL = " ==> expected: <true> but was: <false>";
  private static final String ASSERT_FALSE_TAIL = " ==> expected: <false> but was: <true>";

  /** The checker's message without the stack trace, at most three lines. */
  static String checkerMessage(String output) {
    String s = output;
    int blank = s.indexOf("\n\n");
    if (blank >= 0) {
      s = s.substring(0, blank);
    }
    s = s.strip();
    if (s.endsWith(ASSERT_TRUE_TAIL)) {
      s = s.substring(0, s.length() - ASSERT_TRUE_TAIL.length());
    } else if (s.endsWith(ASSERT_FALSE_TAIL)) {
      s = s.substring(0, s.length() - ASSERT_FALSE_TAIL.length());
    }
    String[] lines = s.split("\n");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(3, lines.length); i++) {
      b.append(i == 0 ? "" : " / ").append(lines[i].strip());
    }
    if (lines.length > 3) {
      b.append(" ...");
    }
    return b.toString();
  }

  private static String acks(List<String> acked) {
    if (acked.isEmpty()) {
      return "nothing";
    }
    String last = "'" + acked.get(acked.size() - 1) + "'";
    return acked.size() == 1 ? last : acked.size() + " markers, the last " + last;
  }
}
