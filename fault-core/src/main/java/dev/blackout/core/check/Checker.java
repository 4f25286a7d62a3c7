package dev.blackout.core.check;

import java.time.Duration;

/**
 * The user's recovery and invariants, judging one crash state (design.md section 6).
 *
 * <p>Implementations may throw: callers always go through {@link #run}, which turns any throwable
 * into a result (an {@link AssertionError} into a violation, anything else into a checker error) so
 * that a broken checker never stops an exploration. The contract a checker must follow (monotone in
 * acknowledgements, no side effects outside the state) is in {@code docs/checkers.md}.
 */
@FunctionalInterface
public interface Checker {

  /**
   * Judges the state in {@code request.state()}.
   *
   * @return PASS for a consistent state, FAIL with a message for a violation
   * @throws Exception when the check cannot be done; reported as a checker error
   */
  CheckResult check(CheckRequest request) throws Exception;

  /**
   * Runs this checker and never throws: an exception becomes a result, a null result becomes a
   * checker error, and the duration is measured when the checker did not set one.
   */
  default CheckResult run(CheckRequest request) {
    long start = System.nanoTime();
    CheckResult result;
    try {
      result = check(request);
      if (result == null) {
        result = CheckResult.error("the checker returned no result (null)");
      }
    } catch (VirtualMachineError e) {
      throw e; // out of memory is not the check's verdict: the run stops (see CheckPool)
    } catch (Throwable t) { // NOPMD - containing every failure is the point
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      result = CheckResult.fromThrowable(t);
    }
    if (result.duration().isZero()) {
      result = result.withDuration(Duration.ofNanos(System.nanoTime() - start));
    }
    return result;
  }

  /**
   * A checker written as assertions, JUnit style: returning normally is PASS, an {@link
   * AssertionError} is a violation with its message, any other exception a checker error.
   */
  static Checker asserting(StateAssertion assertion) {
    return request -> {
      assertion.verify(request);
      return CheckResult.pass();
    };
  }

  /**
   * This checker, answering TIMEOUT when it has not finished after {@code timeout}. The check runs
   * on its own daemon thread, which is interrupted at the deadline; Java cannot kill a thread, so a
   * checker that ignores interrupts keeps running in the background (prefer an external command for
   * code that may hang for good).
   */
  default Checker withTimeout(Duration timeout) {
    return new TimeLimitedChecker(this, timeout);
  }

  /** A check written as assertions: see {@link Checker#asserting}. */
  @FunctionalInterface
  interface StateAssertion {
    void verify(CheckRequest request) throws Exception;
  }
}
