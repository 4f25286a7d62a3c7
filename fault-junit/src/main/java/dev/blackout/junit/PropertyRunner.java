package dev.blackout.junit;

import dev.blackout.core.crashtest.RecorderUnavailableException;
import dev.blackout.core.crashtest.property.PropertyReport;
import dev.blackout.core.crashtest.property.Shrinker;
import dev.blackout.core.crashtest.property.StoreProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * Given to a {@link CrashProperty} method: runs a {@link StoreProperty} with the test's settings
 * and fails the test with the shrunk failure. Evidence (the shrunk sequence's trace and failing
 * states) goes to {@code target/blackout/<class>/<method>/}.
 */
public final class PropertyRunner {
  private final Settings settings;
  private final int tries;
  private final CrashProperty annotation;
  private final ExtensionContext context;
  private boolean used;

  PropertyRunner(Settings settings, int tries, CrashProperty annotation, ExtensionContext context) {
    this.settings = settings;
    this.tries = tries;
    this.annotation = annotation;
    this.context = context;
  }

  /** The seed in effect: {@code -Dblackout.seed} or the annotation's. */
  public long seed() {
    return settings.seed();
  }

  /** The number of sequences: {@code -Dblackout.tries} or the annotation's. */
  public int tries() {
    return tries;
  }

  /**
   * Runs {@code property} and fails the test when a sequence fails, with the shrunk sequence, the
   * seed, the model, the crash state, the minimized cause, the pasteable {@code @CrashTest} and a
   * rerun command.
   *
   * @return the report, when every sequence passed
   */
  public PropertyReport verify(StoreProperty<?> property) throws IOException {
    PropertyReport r = explore(property);
    if (!r.passed()) {
      Class<?> c = context.getRequiredTestClass();
      String method = context.getRequiredTestMethod().getName();
      throw new AssertionFailedError(r.failureMessage() + "\nrerun (in "
          + Path.of("").toAbsolutePath() + "): " + CrashRunner.mavenTest(c, method) + "-D"
          + Settings.SEED + "=" + r.seed() + " -D" + Settings.TRIES + "=" + r.sequencesRun());
    }
    return r;
  }

  /** Like {@link #verify} but returns the report whether or not it passed. */
  public PropertyReport explore(StoreProperty<?> property) throws IOException {
    used = true;
    Class<?> testClass = context.getRequiredTestClass();
    String method = context.getRequiredTestMethod().getName();
    Evidence ev = Evidence.open(settings, testClass, Path.of(Seeds.safe(method)));
    PropertyReport r;
    try {
      r = property.run(settings.models(), settings.seed(), tries,
          new Shrinker.Limits(annotation.shrinkAttempts(),
              Duration.ofSeconds(annotation.shrinkSeconds())),
          ev.dir(), s -> {
            s = s.budget(settings.budget()).strategy(settings.strategy());
            return settings.jobs() > 0 ? s.jobs(settings.jobs()) : s;
          });
    } catch (RecorderUnavailableException e) {
      FuseGate.refuse(e.getMessage(), annotation.skipWithoutFuse());
      throw e;
    }
    ev.ran(!r.passed());
    ev.close();
    String test = Evidence.simpleName(testClass) + "." + method;
    System.out.println("blackout: " + test + ": " + r.coverage());
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("blackout.property", r.coverage());
    entries.put("blackout.property.sequences", Integer.toString(r.sequencesRun()));
    entries.put("blackout.property.statesChecked", Long.toString(r.statesChecked()));
    entries.put("blackout.property.causes", Integer.toString(r.causes().size()));
    r.actions().forEach((a, n) -> entries.put("blackout.property.actions." + a, n.toString()));
    context.publishReportEntry(entries);
    return r;
  }

  boolean used() {
    return used;
  }
}
