package dev.blackout.junit;

import dev.blackout.core.crashtest.CrashReport;
import dev.blackout.core.crashtest.CrashScenario;
import dev.blackout.core.crashtest.RecorderUnavailableException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * Property-style crash tests without a property-testing library: one {@link DynamicTest} per seed,
 * each running the scenario the function builds from that seed (typically a random workload drawn
 * from {@code new Random(seed)}), explored with the same seed. A failure names its seed and keeps
 * its evidence under {@code target/blackout/<class>/<method>/seed-N/}; {@code -Dblackout.seed=N}
 * runs only seed N, and with {@code -Dblackout.trace} it explores that seed's kept trace. The
 * other system properties of {@link CrashTest} (models, budget, strategy, jobs, exhaustive)
 * override the scenario's settings.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> randomPuts() {
 *   return SeededCrashTests.seeds(20, seed -> CrashScenario.of(randomPuts(seed), check));
 * }
 * }</pre>
 */
public final class SeededCrashTests {
  private SeededCrashTests() {}

  /** Seeds 1 to {@code count} (or only {@code -Dblackout.seed}). */
  public static Stream<DynamicTest> seeds(int count, LongFunction<CrashScenario> scenario) {
    return seeds(1, count, scenario, caller());
  }

  /** Seeds {@code first} to {@code first + count - 1} (or only {@code -Dblackout.seed}). */
  public static Stream<DynamicTest> seeds(
      long first, int count, LongFunction<CrashScenario> scenario) {
    return seeds(first, count, scenario, caller());
  }

  private static Stream<DynamicTest> seeds(
      long first, int count, LongFunction<CrashScenario> scenario, StackWalker.StackFrame caller) {
    if (count < 1) {
      throw new IllegalArgumentException("count " + count + " is not a positive number of seeds");
    }
    Settings settings = Settings.resolve(Settings.systemProperties(), Settings.Defaults.NONE);
    OptionalLong only = Seeds.override();
    LongStream seeds = only.isPresent() ? LongStream.of(only.getAsLong())
        : LongStream.range(first, first + count);
    return seeds.mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed,
        () -> run(seed, scenario, settings, caller)));
  }

  /** The test factory method that called {@link #seeds}. */
  private static StackWalker.StackFrame caller() {
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(frames -> frames.filter(f -> f.getDeclaringClass() != SeededCrashTests.class)
            .findFirst().orElseThrow());
  }

  private static void run(long seed, LongFunction<CrashScenario> scenario, Settings settings,
      StackWalker.StackFrame caller) throws Exception {
    Class<?> testClass = caller.getDeclaringClass();
    Path sub = Path.of(Seeds.safe(caller.getMethodName()), "seed-" + seed);
    CrashReport report;
    try (Evidence ev = Evidence.open(settings, testClass, sub)) {
      CrashScenario s = ev.bind(settings.applyProperties(scenario.apply(seed)).seed(seed));
      try {
        report = s.keepTrace(settings.keepTraces()).run();
      } catch (RecorderUnavailableException e) {
        FuseGate.refuse(e.getMessage(), false);
        throw e;
      }
      ev.ran(!report.passed());
      if (!report.passed()) {
        throw new AssertionFailedError(report.failureMessage() + "\n"
            + CrashRunner.rerunPrefix(testClass, caller.getMethodName()) + "-D" + Settings.SEED
            + "=" + seed + " -D" + Settings.TRACE + "=" + report.trace());
      }
    }
  }
}
