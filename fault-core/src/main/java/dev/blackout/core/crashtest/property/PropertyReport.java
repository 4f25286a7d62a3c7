package dev.blackout.core.crashtest.property;

import dev.blackout.core.crashtest.CrashReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link StoreProperty} run found: coverage (sequences run, actions by kind, crash states
 * checked, distinct causes) and, when a sequence failed, the failing sequence, the shrunk one with
 * its crash report, the shrinking effort and the shrunk sequence as Java.
 *
 * @param property the property's name
 * @param javaName the constant the property is kept in, for the pasteable test
 * @param models the models every sequence was explored under
 * @param seed the seed of the sequences and the explorations
 * @param tries the most sequences to run
 * @param sequencesRun sequences run (the last one failed when the property did)
 * @param actions actions drawn, by name
 * @param statesChecked crash states checked in the sequences run (shrinking not counted)
 * @param causes distinct causes of the sequences run (classification and explanation without
 *     sequence numbers)
 * @param failedModel the model the first failure was under (null: passed)
 * @param failing the first failing sequence as drawn (null: passed)
 * @param shrunk the smallest failing sequence found (null: passed)
 * @param failure the crash report of {@code shrunk} under {@code failedModel} (null: passed)
 * @param shrinkAttempts candidates recorded and explored while shrinking
 * @param toFirstFailure time from the start to the first failure (null: passed)
 * @param toShrunk time from the start to the shrunk result (null: passed)
 * @param limits the shrinking limits
 * @param limitHit whether shrinking stopped at a limit rather than at a smallest sequence
 * @param java {@code shrunk} as Java expressions, one per call
 */
public record PropertyReport(String property, String javaName, List<String> models, long seed,
    int tries, int sequencesRun, Map<String, Integer> actions, long statesChecked,
    List<String> causes, String failedModel, List<Call> failing, List<Call> shrunk,
    CrashReport failure, int shrinkAttempts, Duration toFirstFailure, Duration toShrunk,
    Shrinker.Limits limits, boolean limitHit, List<String> java) {

  public PropertyReport {
    models = List.copyOf(models);
    actions = Collections.unmodifiableMap(new LinkedHashMap<>(actions));
    causes = List.copyOf(causes);
    java = List.copyOf(java);
  }

  public boolean passed() {
    return shrunk == null;
  }

  /**
   * One line: {@code 20 sequences run (93 actions: put 51, delete 20, commit 22), 1841 crash
   * states checked, 0 distinct causes}.
   */
  public String coverage() {
    List<String> kinds = new ArrayList<>();
    int total = 0;
    for (Map.Entry<String, Integer> e : actions.entrySet()) {
      kinds.add(e.getKey() + " " + e.getValue());
      total += e.getValue();
    }
    return sequencesRun + (sequencesRun == 1 ? " sequence" : " sequences") + " run (" + total
        + " actions: " + String.join(", ", kinds) + "), " + statesChecked
        + " crash states checked, " + causes.size() + " distinct cause"
        + (causes.size() == 1 ? "" : "s");
  }

  /** The shrunk failure as a {@code @CrashTest} method to paste into a test class. */
  public String javaTest() {
    if (passed()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    b.append("@CrashTest(models = \"").append(failedModel).append("\", seed = ").append(seed)
        .append(")\n");
    b.append("void shrunkFailure(CrashRunner crash) throws IOException {\n");
    b.append("  crash.verify(").append(javaName).append(".scenario(");
    for (int i = 0; i < java.size(); i++) {
      b.append("\n      ").append(java.get(i)).append(i + 1 < java.size() ? "," : "");
    }
    b.append("));\n}");
    return b.toString();
  }

  /**
   * The failure for a test report: the property, model and seed, the shrinking done (from how many
   * actions to how many, attempts and time against the limits), the shrunk sequence, its crash
   * report (the minimized cause, fix, state id, replay), the pasteable test and the coverage.
   * Empty when the property held.
   */
  public String failureMessage() {
    if (passed()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    b.append("property '").append(property).append("' fails under ").append(failedModel)
        .append(": sequence ").append(sequencesRun).append(" of ").append(tries)
        .append(" failed (seed ").append(seed).append(")\n");
    b.append("shrunk from ").append(actions(failing.size())).append(" to ")
        .append(actions(shrunk.size())).append(" in ").append(shrinkAttempts)
        .append(shrinkAttempts == 1 ? " attempt, " : " attempts, ").append(seconds(toShrunk))
        .append(" in all (limits: ").append(limits.attempts()).append(" attempts, ")
        .append(limits.time().toSeconds()).append(" s").append(limitHit ? "; reached, so a"
            + " smaller failing sequence may exist" : "").append("):\n");
    for (int i = 0; i < shrunk.size(); i++) {
      b.append("  ").append(i + 1).append(". ").append(shrunk.get(i)).append('\n');
    }
    b.append(failure.failureMessage()).append('\n');
    b.append("as a @CrashTest:\n");
    javaTest().lines().forEach(l -> b.append("  ").append(l).append('\n'));
    b.append("coverage: ").append(coverage()).append("; first failure after ")
        .append(seconds(toFirstFailure));
    return b.toString();
  }

  private static String actions(int n) {
    return n + (n == 1 ? " action" : " actions");
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
