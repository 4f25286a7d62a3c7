package dev.blackout.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import org.junit.jupiter.api.Test;

class FuseGateTest {
  static final String REASON = "no /dev/fuse on this machine; load the fuse module";

  @Test
  void withoutAnOptInAMissingFuseFailsInOneLineNamingBothWaysToSkip() {
    Throwable t = FuseGate.decide(REASON, false, null);
    assertInstanceOf(AssertionFailedError.class, t);
    assertEquals("crash test needs FUSE, which is not available: " + REASON
        + " (to skip instead, set -Dblackout.requireFuse=false"
        + " or @CrashTest(skipWithoutFuse = true))", t.getMessage());
  }

  @Test
  void theAnnotationOptInSkipsSayingWhy() {
    Throwable t = FuseGate.decide(REASON, true, null);
    assertInstanceOf(TestAbortedException.class, t);
    assertEquals("crash test skipped (skipWithoutFuse = true): FUSE is not available: " + REASON,
        t.getMessage());
  }

  @Test
  void requireFuseFalseSkipsEvenWithoutTheAnnotation() {
    Throwable t = FuseGate.decide(REASON, false, "false");
    assertInstanceOf(TestAbortedException.class, t);
    assertEquals("crash test skipped (-Dblackout.requireFuse=false): FUSE is not available: " + REASON,
        t.getMessage());
  }

  @Test
  void requireFuseTrueFailsEvenWhenTheAnnotationWouldSkip() {
    Throwable t = FuseGate.decide(REASON, true, "true");
    assertInstanceOf(AssertionFailedError.class, t);
    assertEquals("crash test needs FUSE, which is not available: " + REASON
        + " (to skip instead, set -Dblackout.requireFuse=false)", t.getMessage());
  }
}
