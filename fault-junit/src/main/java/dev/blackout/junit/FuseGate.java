package dev.blackout.junit;

import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * What a crash test does where FUSE is missing: fail with the reason in one line, or skip saying so
 * when the user opted in ({@code -Dblackout.requireFuse=false}, or the annotation attribute when
 * the property is not set).
 */
final class FuseGate {
  static final String PROPERTY = "blackout.requireFuse";

  private FuseGate() {}

  /** Throws the failure or the skip for {@code reason}; never returns normally. */
  static void refuse(String reason, boolean skipByAnnotation) {
    Throwable t = decide(reason, skipByAnnotation, System.getProperty(PROPERTY));
    if (t instanceof TestAbortedException skip) {
      System.err.println(skip.getMessage());
      throw skip;
    }
    throw (AssertionFailedError) t;
  }

  static Throwable decide(String reason, boolean skipByAnnotation, String property) {
    String p = property == null ? "" : property.trim();
    boolean skip;
    String why;
    if (p.equalsIgnoreCase("false")) {
      skip = true;
      why = "-D" + PROPERTY + "=false";
    } else if (p.equalsIgnoreCase("true") || !skipByAnnotation) {
      skip = false;
      why = "";
    } else {
      skip = true;
      why = "skipWithoutFuse = true";
    }
    if (skip) {
      String line = "crash test skipped (" + why + "): FUSE is not available: " + reason;
      return new TestAbortedException(line);
    }
    return new AssertionFailedError("crash test needs FUSE, which is not available: " + reason
        + " (to skip instead, set -D" + PROPERTY + "=false"
        + (p.isEmpty() ? " or @CrashTest(skipWithoutFuse = true)" : "") + ")");
  }
}
