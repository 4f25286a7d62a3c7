package dev.blackout.junit;

import dev.blackout.core.crashtest.CrashReport;
import dev.blackout.core.crashtest.CrashScenario;
import dev.blackout.core.crashtest.RecorderUnavailableException;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * Property-style crash tests without a property-testing library: one {@link DynamicTest} per seed,
 * each running the scenario the function builds from that seed (typically a random workload drawn
 * from {@code new Random(seed)}), explored with the same seed. A failure names its seed; {@code
 * -Dblackout.seed=N} runs only seed N.
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
    return seeds(1, count, scenario);
  }

  /** Seeds {@code first} to {@code first + count - 1} (or only {@code -Dblackout.seed}). */
  public static Stream<DynamicTest> seeds(
      long first, int count, LongFunction<CrashScenario> scenario) {
    if (count < 1) {
      throw new IllegalArgumentException("count " + count + " is not a positive number of seeds");
    }
    OptionalLong only = Seeds.override();
    LongStream seeds = only.isPresent() ? LongStream.of(only.getAsLong())
        : LongStream.range(first, first + count);
    return seeds.mapToObj(
        seed -> DynamicTest.dynamicTest("seed " + seed, () -> run(seed, scenario)));
  }

  private static void run(long seed, LongFunction<CrashScenario> scenario) throws Exception {
    CrashReport report;
    try {
      report = scenario.apply(seed).seed(seed).run();
    } catch (RecorderUnavailableException e) {
      FuseGate.refuse(e.getMessage(), false);
      throw e;
    }
    if (!report.passed()) {
      throw new AssertionFailedError(report.failureMessage());
    }
  }
}
