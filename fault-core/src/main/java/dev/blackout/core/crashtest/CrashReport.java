package dev.blackout.core.crashtest;

import dev.blackout.core.check.Verdict;
import dev.blackout.core.explore.Exploration;
import dev.blackout.core.explore.Violation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link CrashScenario} run found, per model: the explorations, and every failing crash
 * state with its minimized explanation, classification, state id and replay command.
 *
 * @param seed the seed the exploration used (give it back with {@link CrashScenario#seed})
 * @param explorations per model, in the order the models were named
 * @param trace the recorded trace, kept only when something failed (else null)
 * @param evidence the working directory kept because something failed (else null)
 */
public record CrashReport(
    long seed, Map<String, Exploration> explorations, Path trace, Path evidence) {

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

  public CrashReport {
    explorations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
        Objects.requireNonNull(explorations, "explorations")));
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

  /** {@code blackout replay} rebuilding {@code stateId} of the kept trace under {@code model}. */
  public String replayCommand(String model, String stateId) {
    return "blackout replay --trace " + (trace == null ? "TRACE" : trace) + " --model " + model
        + " --state " + stateId + " --out DIR";
  }

  /**
   * The report as a test failure, short: per failing model, the first cause (atomicity before
   * ordering before durability) in full (classification,
   * minimized explanation, what the check said, the acknowledgements, the state id and where it was
   * kept, the replay command), the next causes in one line each, then the seed and where the
   * evidence is. Empty when the run passed.
   */
  public String failureMessage() {
    if (passed()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    explorations.forEach((model, e) -> {
      if (e.violations().isEmpty()) {
        return;
      }
      int causes = e.causes().size();
      b.append(b.length() == 0 ? "" : "\n").append("crash test failed under ").append(model)
          .append(": ").append(e.violations().size()).append(" of ").append(e.checked())
          .append(" crash states fail, ").append(causes).append(causes == 1 ? " cause" : " causes")
          .append('\n');
      List<Exploration.Cause> byKind = new ArrayList<>(e.causes());
      byKind.sort(Comparator.comparingInt(c -> c.classification().ordinal()));
      Exploration.Cause first = byKind.get(0);
      Violation v = example(e, first);
      b.append("  ").append(first.classification()).append(": ").append(first.explanation())
          .append('\n');
      b.append("    fix: ").append(hint(first.classification())).append('\n');
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
        Exploration.Cause c = byKind.get(i);
        b.append("  also ").append(c.classification()).append(": ").append(c.explanation())
            .append(" (state ").append(c.exampleId()).append(")\n");
      }
      if (causes > OTHER_CAUSES_SHOWN + 1) {
        int more = causes - OTHER_CAUSES_SHOWN - 1;
        b.append("  ... and ").append(more).append(more == 1 ? " more cause\n" : " more causes\n");
      }
    });
    b.append("seed ").append(seed).append(" (rerun with -Dblackout.seed=").append(seed).append(')');
    if (evidence != null) {
      b.append("; trace and failing states kept in ").append(evidence);
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
