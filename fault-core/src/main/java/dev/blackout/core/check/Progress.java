package dev.blackout.core.check;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How far a {@link CheckPool} run is: checks done out of the total, what they found so far, and the
 * time spent. A value: the pool hands a fresh one to its listener after every check.
 *
 * @param done checks finished
 * @param total checks in the run
 * @param violations finished checks that failed (a checker said FAIL)
 * @param errors finished checks whose checker could not run (ERROR)
 * @param timeouts finished checks that hung past their timeout
 * @param elapsed time since the run started
 */
public record Progress(
    int done, int total, int violations, int errors, int timeouts, Duration elapsed) {

  public Progress {
    if (total < 0 || done < 0 || done > total) {
      throw new IllegalArgumentException("done (" + done + ") must be in 0.." + total);
    }
    if (violations < 0 || errors < 0 || timeouts < 0 || violations + errors + timeouts > done) {
      throw new IllegalArgumentException(
          "violations, errors and timeouts ("
              + violations
              + ", "
              + errors
              + ", "
              + timeouts
              + ") must not be negative nor exceed done ("
              + done
              + ")");
    }
    if (elapsed == null || elapsed.isNegative()) {
      throw new IllegalArgumentException("elapsed (" + elapsed + ") must not be negative");
    }
  }

  /** Checks per second so far (0 before the first check finished). */
  public double rate() {
    double seconds = elapsed.toNanos() / 1e9;
    return done == 0 || seconds <= 0 ? 0 : done / seconds;
  }

  /** Time left at the current rate; empty before the first check finished. */
  public Optional<Duration> eta() {
    double rate = rate();
    if (rate <= 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis(Math.round((total - done) / rate * 1000)));
  }

  public boolean finished() {
    return done == total;
  }

  /**
   * One line for a terminal, e.g. {@code checked 120/4000 (3%), violations 2, 85.2/s, ETA 45s};
   * errors and timeouts are shown only when there are some.
   */
  public String line() {
    StringBuilder line = new StringBuilder();
    int percent = total == 0 ? 100 : (int) ((long) done * 100 / total);
    line.append("checked ").append(done).append('/').append(total);
    line.append(" (").append(percent).append("%), violations ").append(violations);
    if (errors > 0) {
      line.append(", checker errors ").append(errors);
    }
    if (timeouts > 0) {
      line.append(", timeouts ").append(timeouts);
    }
    line.append(", ").append(String.format(Locale.ROOT, "%.1f", rate())).append("/s");
    if (!finished()) {
      line.append(", ETA ").append(eta().map(DurationText::of).orElse("?"));
    } else {
      line.append(", took ").append(DurationText.of(elapsed));
    }
    return line.toString();
  }
}
