package dev.blackout.junit;

import dev.blackout.core.crashtest.CrashReport;
import dev.blackout.core.crashtest.CrashScenario;
import dev.blackout.core.crashtest.RecorderUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * Given to a {@link CrashTest} method: runs a scenario under this invocation's model and settings,
 * on the trace the test's first invocation recorded, and fails the test when a crash state is not
 * accepted. Every run publishes its coverage as JUnit report entries.
 */
public final class CrashRunner {
  private static final Pattern FAILSAFE = Pattern.compile("(IT.*|.*IT|.*ITCase)");

  private final String model;
  private final Settings settings;
  private final Class<?> testClass;
  private final String method;
  private final IntFunction<Evidence> evidence;
  private final ExtensionContext context;
  private int calls;

  CrashRunner(String model, Settings settings, Class<?> testClass, String method,
      IntFunction<Evidence> evidence, ExtensionContext context) {
    this.model = model;
    this.settings = settings;
    this.testClass = testClass;
    this.method = method;
    this.evidence = evidence;
    this.context = context;
  }

  /** The model of this invocation. */
  public String model() {
    return model;
  }

  /** The seed in effect: {@code -Dblackout.seed} or the annotation's. */
  public long seed() {
    return settings.seed();
  }

  /**
   * Runs {@code scenario} with this invocation's model and settings (they replace the scenario's;
   * docs/java-api.md lists them and their system properties), and fails the test when a crash
   * state fails the check. The first invocation of the test records the workload; the others
   * explore that same trace (so the setup and workload must not depend on the model). Evidence
   * goes to {@code target/blackout/<class>/<method>/}: the trace (kept when something failed) and
   * the failing states of each model under {@code <model>/}.
   *
   * @return the report, when every crash state passed
   * @throws AssertionFailedError with {@link CrashReport#failureMessage} and a rerun command when
   *     one did not
   * @throws IOException when the setup or workload failed
   */
  public CrashReport verify(CrashScenario scenario) throws IOException {
    CrashReport report = explore(scenario);
    if (!report.passed()) {
      throw new AssertionFailedError(report.failureMessage() + "\n" + rerun(report));
    }
    return report;
  }

  /**
   * Like {@link #verify} but returns the report whether or not it passed, for tests that expect a
   * failure (a store with a documented weakness) and assert on it.
   */
  public CrashReport explore(CrashScenario scenario) throws IOException {
    calls++;
    Evidence ev = evidence.apply(calls);
    CrashScenario s = ev.bind(settings.apply(scenario, model));
    CrashReport report;
    try {
      report = s.run();
    } catch (RecorderUnavailableException e) {
      FuseGate.refuse(e.getMessage(), skipWithoutFuse());
      throw e;
    }
    ev.ran(!report.passed());
    publish(report, ev);
    return report;
  }

  private boolean skipWithoutFuse() {
    CrashTest a = context == null ? null
        : context.getTestMethod().map(m -> m.getAnnotation(CrashTest.class)).orElse(null);
    return a != null && a.skipWithoutFuse();
  }

  /** The command that explores the kept trace again under this model, from Maven. */
  String rerun(CrashReport report) {
    Path trace = report.trace();
    if (trace == null) {
      return "seed " + report.seed();
    }
    return rerunPrefix(testClass, method) + settings.rerunFlags(model, trace);
  }

  /**
   * {@code rerun on the kept trace (in DIR): mvn test -Dtest=C#m }: surefire's, or failsafe's
   * {@code mvn verify -Dit.test=} for classes named like integration tests ({@code *IT}, {@code
   * IT*}, {@code *ITCase}).
   */
  static String rerunPrefix(Class<?> testClass, String method) {
    return "rerun on the kept trace (in " + Path.of("").toAbsolutePath() + "): "
        + mavenTest(testClass, method);
  }

  /** {@code mvn test -Dtest=C#m } (or failsafe's {@code mvn verify -Dit.test=C#m }). */
  static String mavenTest(Class<?> testClass, String method) {
    String cls = Evidence.simpleName(testClass);
    boolean failsafe = FAILSAFE.matcher(cls).matches();
    return (failsafe ? "mvn verify -Dit.test=" : "mvn test -Dtest=") + cls + "#" + method + " ";
  }

  /**
   * The coverage as JUnit report entries, and one line per model on standard output ({@code
   * blackout: Test.method [model]: ...}), because Maven's surefire shows output but not entries.
   */
  private void publish(CrashReport report, Evidence ev) {
    String test = Evidence.simpleName(testClass) + "." + method;
    report.coverage().values().forEach(c -> System.out.println("blackout: " + test + " ["
        + model + "]: " + c.summary()));
    if (context == null) {
      return;
    }
    Map<String, String> entries = new LinkedHashMap<>();
    report.coverage().values().forEach(c -> {
      entries.put("blackout." + c.model(), c.summary());
      entries.putAll(c.entries());
    });
    entries.put("blackout.trace", (ev.given() ? "explored the given " : report.trace() != null
        ? "kept " : "recorded, not kept ") + ev.trace());
    if (report.evidence() != null && !report.passed()) {
      entries.put("blackout.evidence", report.evidence().toString());
    }
    context.publishReportEntry(entries);
  }

  int calls() {
    return calls;
  }

  boolean used() {
    return calls > 0;
  }
}
