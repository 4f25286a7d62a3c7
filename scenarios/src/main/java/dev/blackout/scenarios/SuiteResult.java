package dev.blackout.scenarios;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * What a suite run found: one recording per scenario and one cell per scenario and model.
 *
 * @param recordings the scenarios in run order, with their traces
 * @param cells scenario-major, models in table order
 * @param options how the suite ran
 * @param millis the whole run's wall-clock time
 */
public record SuiteResult(List<Recorded> recordings, List<Cell> cells, SuiteOptions options,
    long millis) {

  public SuiteResult {
    recordings = List.copyOf(recordings);
    cells = List.copyOf(cells);
  }

  /**
   * One scenario's recording.
   *
   * @param scenario its name
   * @param title what it shows
   * @param roles its workload processes
   * @param trace the trace file (empty when recording failed)
   * @param ops operations recorded
   * @param millis how long recording took
   * @param error why recording failed, else empty
   */
  public record Recorded(String scenario, String title, List<String> roles, String trace,
      long ops, long millis, String error) {
    public Recorded {
      roles = List.copyOf(roles);
    }
  }

  @JsonIgnore
  public long asExpected() {
    return cells.stream().filter(Cell::asExpected).count();
  }

  @JsonIgnore
  public boolean allAsExpected() {
    return asExpected() == cells.size();
  }

  /** The table's last line: {@code scenarios: N, cells: M, as expected: K}. */
  @JsonIgnore
  public String lastLine() {
    return "scenarios: " + recordings.size() + ", cells: " + cells.size() + ", as expected: "
        + asExpected();
  }
}
