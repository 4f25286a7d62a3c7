package dev.blackout.core.check;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Objects;

/**
 * What one checker run said about one crash state, before any classification: consistent, a
 * violation, or no answer (the checker failed to run, or ran out of time). The explorer turns it
 * into a {@link Verdict} once it knows why a violating state fails.
 *
 * @param outcome the answer
 * @param output what the checker printed or the failure it raised (possibly truncated, never null)
 * @param duration how long the check took
 */
public record CheckResult(Outcome outcome, String output, Duration duration) {

  /** The checker's answer. */
  public enum Outcome {
    /** The state is consistent (exit status 0, or the Java checker returned normally). */
    PASS,
    /** The checker found a violation (non-zero exit status, an AssertionError). */
    FAIL,
    /** The checker itself could not do its job (cannot start, threw an unexpected exception). */
    ERROR,
    /** The checker did not finish within the per-state timeout and was killed. */
    TIMEOUT
  }

  public CheckResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration (" + duration + ") must not be negative");
    }
  }

  public static CheckResult pass() {
    return new CheckResult(Outcome.PASS, "", Duration.ZERO);
  }

  public static CheckResult pass(String output) {
    return new CheckResult(Outcome.PASS, output, Duration.ZERO);
  }

  public static CheckResult fail(String message) {
    return new CheckResult(Outcome.FAIL, message, Duration.ZERO);
  }

  public static CheckResult error(String message) {
    return new CheckResult(Outcome.ERROR, message, Duration.ZERO);
  }

  public static CheckResult timeout(String message) {
    return new CheckResult(Outcome.TIMEOUT, message, Duration.ZERO);
  }

  /**
   * The result for a checker that threw: an {@link AssertionError} is a violation carrying its
   * message, anything else is a checker error; both keep the stack trace.
   */
  public static CheckResult fromThrowable(Throwable t) {
    Outcome outcome = t instanceof AssertionError ? Outcome.FAIL : Outcome.ERROR;
    String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
    StringWriter stack = new StringWriter();
    t.printStackTrace(new PrintWriter(stack));
    return new CheckResult(outcome, OutputBuffer.cap(message + "\n\n" + stack), Duration.ZERO);
  }

  public boolean passed() {
    return outcome == Outcome.PASS;
  }

  public CheckResult withDuration(Duration newDuration) {
    return new CheckResult(outcome, output, newDuration);
  }

  public CheckResult withOutput(String newOutput) {
    return new CheckResult(outcome, newOutput, duration);
  }
}
