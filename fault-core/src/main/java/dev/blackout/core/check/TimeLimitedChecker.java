package dev.blackout.core.check;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A Java checker with a deadline: see {@link Checker#withTimeout}. */
final class TimeLimitedChecker implements Checker {

  private final Checker delegate;
  private final Duration timeout;

  TimeLimitedChecker(Checker delegate, Duration timeout) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout (" + timeout + ") must be positive");
    }
  }

  @Override
  public CheckResult check(CheckRequest request) throws InterruptedException {
    CompletableFuture<CheckResult> answer = new CompletableFuture<>();
    Thread worker =
        new Thread(
            () -> answer.complete(delegate.run(request)), "blackout-check-" + request.stateId());
    worker.setDaemon(true);
    long start = System.nanoTime();
    worker.start();
    try {
      return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      worker.interrupt();
      return CheckResult.timeout(
              "the checker did not finish within "
                  + DurationText.of(timeout)
                  + " and was interrupted")
          .withDuration(Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      worker.interrupt();
      throw e;
    } catch (ExecutionException e) {
      return CheckResult.fromThrowable(e.getCause());
    }
  }
}
