package dev.blackout.junit;

import dev.blackout.core.crashtest.CrashScenario;
import java.io.IOException;

/**
 * Crash tests written wrongly, run by {@link CrashTestExtensionTest} through the test kit (not by
 * the build directly: no Test or IT suffix). None of them reaches the recorder.
 */
class MisusedCrashTests {
  static final CrashScenario PLAIN = CrashScenario.of((dir, m) -> {}, (state, acked) -> {});

  @CrashTest(models = {"prefix", "posix"})
  void neverVerifies(CrashRunner crash) {
    // forgot crash.verify(...)
  }

  @CrashTest(models = {})
  void namesNoModel(CrashRunner crash) throws IOException {
    crash.verify(PLAIN);
  }

  @CrashTest(models = "zfs")
  void namesAnUnknownModel(CrashRunner crash) throws IOException {
    crash.verify(PLAIN);
  }

  @CrashTest(budget = 0)
  void hasNoBudget(CrashRunner crash) throws IOException {
    crash.verify(PLAIN);
  }
}
