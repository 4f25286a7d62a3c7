package dev.blackout.cli;

import dev.blackout.core.check.Progress;
import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * The progress line of {@code blackout explore} on a terminal: one line rewritten in place with a
 * carriage return, at most ten times a second. When the output is not a terminal (CI logs, a pipe)
 * it prints nothing at all, so logs hold only the summary and the violations.
 *
 * <p>Anything else printed to the same stream while a run is shown must go through {@link #clear}
 * first, or it would be glued to the progress line. Thread-safe: the check pool calls {@link
 * #update} from its worker threads.
 */
public final class ProgressDisplay {

  private static final long MIN_INTERVAL_NANOS = 100_000_000L;

  private final PrintStream out;
  private final boolean enabled;
  private final LongSupplier nanoClock;
  private long lastDrawn;
  private boolean drawnOnce;
  private int shownLength;

  ProgressDisplay(PrintStream out, boolean enabled, LongSupplier nanoClock) {
    this.out = out;
    this.enabled = enabled;
    this.nanoClock = nanoClock;
  }

  /** A display on standard error, active only when the process has a console (a terminal). */
  public static ProgressDisplay forTerminal() {
    return new ProgressDisplay(System.err, System.console() != null, System::nanoTime);
  }

  /** A display that never prints (for {@code --quiet} or tests). */
  public static ProgressDisplay silent() {
    return new ProgressDisplay(System.err, false, System::nanoTime);
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * Shows {@code progress}, unless the line was redrawn less than 100 ms ago and the run goes on.
   */
  public synchronized void update(Progress progress) {
    if (!enabled) {
      return;
    }
    long now = nanoClock.getAsLong();
    if (drawnOnce && !progress.finished() && now - lastDrawn < MIN_INTERVAL_NANOS) {
      return;
    }
    draw(progress.line());
    lastDrawn = now;
    drawnOnce = true;
  }

  /** Erases the progress line, leaving the cursor at the start of the empty line. */
  public synchronized void clear() {
    if (!enabled || shownLength == 0) {
      return;
    }
    out.print("\r" + " ".repeat(shownLength) + "\r");
    out.flush();
    shownLength = 0;
  }

  /** Ends the display: erases the line, so that the summary starts on a clean line. */
  public synchronized void finish() {
    clear();
    drawnOnce = false;
  }

  private void draw(String line) {
    int padding = Math.max(0, shownLength - line.length());
    out.print("\r" + line + " ".repeat(padding));
    if (padding > 0) {
      out.print("\b".repeat(padding));
    }
    out.flush();
    shownLength = line.length();
  }
}
