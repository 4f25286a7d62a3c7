package dev.blackout.junit;

import dev.blackout.core.crashtest.CrashReport;
import dev.blackout.core.crashtest.CrashScenario;
import dev.blackout.core.crashtest.RecorderUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opentest4j.AssertionFailedError;

/**
 * Given to a {@link CrashTest} method: runs a scenario under this invocation's model, budget,
 * strategy and seed, and fails the test when a crash state is not accepted.
 */
public final class CrashRunner {
  private final String model;
  private final CrashTest settings;
  private final String testName;
  private boolean used;

  CrashRunner(String model, CrashTest settings, String testName) {
    this.model = model;
    this.settings = settings;
    this.testName = testName;
  }

  /** The model of this invocation. */
  public String model() {
    return model;
  }

  /** The seed in effect: {@code -Dblackout.seed} or the annotation's. */
  public long seed() {
    return Seeds.override().orElse(settings.seed());
  }

  /**
   * Runs {@code scenario} with this invocation's model, budget, strategy and seed (they replace the
   * scenario's), working in a fresh temporary directory that is deleted when the run passes.
   *
   * @return the report, when every crash state passed
   * @throws AssertionFailedError with {@link CrashReport#failureMessage} when one did not
   * @throws IOException when the setup or workload failed
   */
  public CrashReport verify(CrashScenario scenario) throws IOException {
    used = true;
    CrashScenario s = scenario.models(model).budget(settings.budget()).strategy(settings.strategy())
        .seed(seed());
    String method = testName.substring(testName.lastIndexOf('.') + 1);
    Path work = Files.createTempDirectory("blackout-" + Seeds.safe(method) + "-" + model + "-");
    s = s.workDir(work);
    CrashReport report;
    try {
      report = s.run();
    } catch (RecorderUnavailableException e) {
      Files.deleteIfExists(work);
      FuseGate.refuse(e.getMessage(), settings.skipWithoutFuse());
      throw e;
    }
    if (!report.passed()) {
      throw new AssertionFailedError(report.failureMessage());
    }
    return report;
  }

  boolean used() {
    return used;
  }
}
