package dev.blackout.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.check.CheckResult.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CheckerTest {

  private static final CheckRequest REQUEST =
      new CheckRequest(Path.of("/nonexistent/state"), List.of("a", "b"), "k3", "posix");

  @Test
  void anAssertionErrorIsAViolationWithItsMessageAndStack() {
    Checker checker =
        Checker.asserting(
            request -> {
              throw new AssertionError("expected old or new content in 'db'");
            });
    CheckResult result = checker.run(REQUEST);
    assertEquals(Outcome.FAIL, result.outcome());
    assertTrue(
        result.output().startsWith("expected old or new content in 'db'\n"), result.output());
    assertTrue(result.output().contains("at dev.blackout.core.check.CheckerTest"), result.output());
  }

  @Test
  void anyOtherExceptionIsACheckerErrorWithItsStack() {
    Checker checker =
        request -> {
          throw new IllegalStateException("cannot open the database");
        };
    CheckResult result = checker.run(REQUEST);
    assertEquals(Outcome.ERROR, result.outcome());
    assertTrue(result.output().startsWith("cannot open the database\n"), result.output());
    assertTrue(result.output().contains("java.lang.IllegalStateException"), result.output());
  }

  @Test
  void anExceptionWithoutMessageIsNamedByItsClass() {
    Checker checker =
        request -> {
          throw new NullPointerException();
        };
    assertTrue(checker.run(REQUEST).output().startsWith("java.lang.NullPointerException\n"));
  }

  @Test
  void aNullResultIsACheckerError() {
    Checker checker = request -> null;
    CheckResult result = checker.run(REQUEST);
    assertEquals(Outcome.ERROR, result.outcome());
    assertTrue(result.output().contains("null"));
  }

  @Test
  void returningNormallyFromAnAssertingCheckerPasses() {
    List<String> seen = new java.util.ArrayList<>();
    CheckResult result = Checker.asserting(request -> seen.add(request.lastAck())).run(REQUEST);
    assertEquals(Outcome.PASS, result.outcome());
    assertEquals(List.of("b"), seen);
    assertTrue(result.duration().toNanos() > 0, "the duration is measured");
  }

  @Test
  void aHugeStackIsCapped() {
    Checker checker =
        request -> {
          throw new AssertionError("x".repeat(200_000));
        };
    String output = checker.run(REQUEST).output();
    assertTrue(output.length() < 70_000, "length " + output.length());
    assertTrue(output.contains("[output truncated: "));
  }

  @Test
  void aHangingJavaCheckerTimesOutAndIsInterrupted() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    Checker hangs =
        request -> {
          try {
            Thread.sleep(Long.MAX_VALUE);
          } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
          }
          return CheckResult.pass();
        };
    CheckResult result = hangs.withTimeout(Duration.ofMillis(200)).run(REQUEST);
    assertEquals(Outcome.TIMEOUT, result.outcome());
    assertTrue(result.output().contains("200ms"), result.output());
    assertTrue(interrupted.await(10, java.util.concurrent.TimeUnit.SECONDS));
  }

  @Test
  void aTimeLimitedCheckerStillReportsItsOwnAnswer() {
    Checker fails =
        Checker.asserting(
            request -> {
              throw new AssertionError("lost");
            });
    CheckResult result = fails.withTimeout(Duration.ofSeconds(30)).run(REQUEST);
    assertEquals(Outcome.FAIL, result.outcome());
    assertTrue(result.output().startsWith("lost"));
  }

  @Test
  void requestSaysTheLastAckOrEmpty() {
    assertEquals("b", REQUEST.lastAck());
    assertEquals("", new CheckRequest(Path.of("s"), List.of(), "k0", "prefix").lastAck());
  }

  @Test
  void verdictsMapResultsAndRequireAClassificationForFailures() {
    assertEquals(Verdict.Kind.CONSISTENT, Verdict.of(CheckResult.pass(), null, "").kind());
    assertEquals(
        Verdict.Kind.CHECKER_ERROR, Verdict.of(CheckResult.error("boom"), null, "").kind());
    assertEquals(Verdict.Kind.TIMEOUT, Verdict.of(CheckResult.timeout("slow"), null, "").kind());
    Verdict ordering =
        Verdict.of(
            CheckResult.fail("x"), Verdict.Kind.ORDERING, "rename #14 persisted before write #12");
    assertEquals(Verdict.Kind.ORDERING, ordering.kind());
    assertEquals("rename #14 persisted before write #12", ordering.detail());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Verdict.of(CheckResult.fail("x"), Verdict.Kind.TIMEOUT, ""));
    assertTrue(e.getMessage().contains("ATOMICITY, ORDERING or DURABILITY"));
    assertTrue(Verdict.Kind.DURABILITY.isViolation());
    assertTrue(!Verdict.Kind.CHECKER_ERROR.isViolation());
  }
}
