package dev.blackout.junit;

import dev.blackout.core.crashtest.CrashScenario;
import dev.blackout.core.explore.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The evidence directory of one crash test ({@code BASE/<class>/<method>}): the trace recorded by
 * its first invocation, explored by every invocation, and each model's failing states under
 * {@code <model>/}. Older evidence of the same test is replaced when it opens; when the test's
 * last invocation is done (JUnit closes it with the test method's context), a trace no invocation
 * failed on is deleted unless keeping was asked for.
 */
final class Evidence implements AutoCloseable {
  private final Path base;
  private final Path dir;
  private final Path trace;
  private final boolean given;
  private final boolean keep;
  private boolean recorded;
  private boolean failed;

  private Evidence(Path base, Path dir, Path trace, boolean given, boolean keep) {
    this.base = base;
    this.dir = dir;
    this.trace = trace;
    this.given = given;
    this.keep = keep;
  }

  /**
   * Opens the evidence of call {@code call} (1 for the first {@code verify} of an invocation) of
   * {@code testClass#method}: clears older evidence, and checks that a kept trace given with
   * {@code -Dblackout.trace} belongs to this test when its path says which test it belongs to.
   */
  static Evidence open(Settings settings, Class<?> testClass, String method, int call) {
    return open(settings, testClass, Path.of(Seeds.safe(method) + (call > 1 ? "-" + call : "")));
  }

  /**
   * Opens the evidence {@code BASE/<class>/<sub>} of a test of {@code testClass} ({@code sub}: the
   * method's directory, and below it a seed's).
   */
  static Evidence open(Settings settings, Class<?> testClass, Path sub) {
    Path rel = Path.of(Seeds.safe(simpleName(testClass))).resolve(sub);
    Path dir = settings.evidenceBase().resolve(rel);
    Path given = settings.trace() == null ? null : settings.trace().toAbsolutePath().normalize();
    if (given != null && given.getParent() != null && given.startsWith(settings.evidenceBase())
        && given.getFileName().toString().equals(CrashScenario.TRACE_FILE)) {
      Path owner = settings.evidenceBase().relativize(given.getParent());
      if (!owner.equals(rel) && owner.getNameCount() >= 2) {
        throw new IllegalArgumentException("-D" + Settings.TRACE + "=" + settings.trace()
            + " is the kept trace of " + owner + ", not of " + rel + "; run only that test (-Dtest="
            + owner.getName(0) + "#" + owner.getName(1) + ")");
      }
    }
    try {
      clear(dir, given);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the older evidence in " + dir + ": " + e, e);
    }
    Path trace = given != null ? given : dir.resolve(CrashScenario.TRACE_FILE);
    return new Evidence(settings.evidenceBase(), dir, trace, given != null, settings.keepTraces());
  }

  static String simpleName(Class<?> testClass) {
    return testClass.getName().substring(testClass.getName().lastIndexOf('.') + 1);
  }

  /** Deletes everything in {@code dir} but {@code spare}. */
  private static void clear(Path dir, Path spare) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (spare == null || !p.toAbsolutePath().normalize().equals(spare)) {
          Workspace.delete(p);
        }
      }
    }
  }

  Path dir() {
    return dir;
  }

  Path trace() {
    return trace;
  }

  /** {@code scenario} working in this evidence: exploring the trace once there is one. */
  synchronized CrashScenario bind(CrashScenario scenario) {
    CrashScenario s = scenario.workDir(dir);
    return given || recorded ? s.trace(trace) : s.keepTrace(true);
  }

  /** After a run: whether it failed; the trace exists from now on. */
  synchronized void ran(boolean runFailed) {
    recorded = Files.isRegularFile(trace);
    failed |= runFailed;
  }

  /** Whether this evidence explores a trace given by {@code -Dblackout.trace}. */
  boolean given() {
    return given;
  }

  @Override
  public synchronized void close() throws IOException {
    if (!failed && !keep && !given) {
      Files.deleteIfExists(trace);
    }
    deleteEmpty(dir, base);
  }

  /** Deletes {@code dir} and its parents up to {@code base} (included) while they are empty. */
  static void deleteEmpty(Path dir, Path base) {
    for (Path p = dir; p != null && p.startsWith(base); p = p.getParent()) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        return;
      }
    }
  }
}
