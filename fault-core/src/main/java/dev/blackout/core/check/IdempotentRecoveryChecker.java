package dev.blackout.core.check;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Built-in checker "recovery is idempotent" (design.md section 6): runs a checker twice on the same
 * state and fails when the second run does not pass after a passing first run, or when the second
 * run changes the state the first one left. A recovery that crashes half way is run again on what
 * it left: it must converge. A failing first run is reported as it is.
 */
public final class IdempotentRecoveryChecker implements Checker {

  private static final int MAX_LISTED_CHANGES = 10;

  private final Checker delegate;

  private IdempotentRecoveryChecker(Checker delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  public static IdempotentRecoveryChecker of(Checker delegate) {
    return new IdempotentRecoveryChecker(delegate);
  }

  @Override
  public CheckResult check(CheckRequest request) throws IOException {
    CheckResult first = delegate.run(request);
    if (!first.passed()) {
      return first;
    }
    StateDigest afterFirst = StateDigest.of(request.state());
    CheckResult second = delegate.run(request);
    Duration both = first.duration().plus(second.duration());
    if (!second.passed()) {
      String prefix =
          second.outcome() == CheckResult.Outcome.FAIL
              ? "recovery is not idempotent: the first run passed, the second run failed:\n"
              : "the second run of the checker (idempotence check) did not finish:\n";
      return new CheckResult(second.outcome(), OutputBuffer.cap(prefix + second.output()), both);
    }
    List<String> changes = afterFirst.differences(StateDigest.of(request.state()));
    if (!changes.isEmpty()) {
      StringBuilder message =
          new StringBuilder("recovery is not idempotent: the second run changed the state:");
      changes.stream()
          .limit(MAX_LISTED_CHANGES)
          .forEach(change -> message.append("\n  ").append(change));
      if (changes.size() > MAX_LISTED_CHANGES) {
        message.append("\n  ... and ").append(changes.size() - MAX_LISTED_CHANGES).append(" more");
      }
      return new CheckResult(CheckResult.Outcome.FAIL, OutputBuffer.cap(message.toString()), both);
    }
    return new CheckResult(CheckResult.Outcome.PASS, second.output(), both);
  }
}
