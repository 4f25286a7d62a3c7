package dev.blackout.cli;

import dev.blackout.scenarios.Cell;
import dev.blackout.scenarios.Scenario;
import dev.blackout.scenarios.SuiteListener;
import java.io.PrintStream;

/**
 * The suite's progress on a terminal: one line rewritten in place (scenario i/N, cells done, model,
 * states checked / total, violations so far, rate, ETA of the cell), at most ten times a second.
 * Prints nothing when standard error is not a terminal, so CI logs hold only the table.
 */
final class SuiteProgress implements SuiteListener {
  private final PrintStream out;
  private final boolean enabled;
  private String scenario = "";
  private String position = "";
  private String model = "";
  private long lastDraw;
  private long cellStart;
  private int cellsDone;
  private int shown;

  SuiteProgress(PrintStream out, boolean enabled) {
    this.out = out;
    this.enabled = enabled;
  }

  static SuiteProgress forTerminal() {
    return new SuiteProgress(System.err, System.console() != null);
  }

  @Override
  public void recording(Scenario s, int index, int total) {
    scenario = s.name();
    position = index + "/" + total;
    model = "";
    draw("recording " + s.roles().size() + " workload process"
        + (s.roles().size() > 1 ? "es" : "") + " through FUSE", true);
  }

  @Override
  public void exploring(Scenario s, String m) {
    model = m;
    cellStart = System.nanoTime();
    draw("generating crash states", true);
  }

  @Override
  public void checked(long done, long total, long failures) {
    double seconds = (System.nanoTime() - cellStart) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    String eta = rate > 0 && done < total
        ? String.format(java.util.Locale.ROOT, ", ETA %.0f s", (total - done) / rate) : "";
    draw(String.format(java.util.Locale.ROOT, "checked %d/%d states, violations %d, %.0f/s%s",
        done, total, failures, rate, eta), done == total);
  }

  @Override
  public void cellDone(Cell cell) {
    cellsDone++;
    draw(cell.verdict().symbol() + (cell.asExpected() ? " as expected" : " NOT as expected"), true);
  }

  /** Erases the line (before the table is printed). */
  void clear() {
    if (enabled && shown > 0) {
      out.print("\r" + " ".repeat(shown) + "\r");
      out.flush();
      shown = 0;
    }
  }

  private void draw(String what, boolean force) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (!force && now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    String line = "[" + position + ", " + cellsDone + " cells done] " + scenario + (model.isEmpty() ? "" : " / " + model) + ": "
        + what;
    if (line.length() > 119) {
      line = line.substring(0, 119);
    }
    out.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
    out.flush();
    shown = line.length();
  }
}
