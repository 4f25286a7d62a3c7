package dev.blackout.scenarios;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Objects;

/**
 * One cell of the suite's table: a scenario's trace explored under one model.
 *
 * @param scenario the scenario's name
 * @param model the persistence model
 * @param verdict what the exploration found
 * @param expectation what the catalog expected
 * @param generated crash states generated
 * @param distinct states left after deduplication
 * @param checked states the checker ran on
 * @param violations failing states (violations, checker errors, timeouts)
 * @param millis how long exploring took
 * @param error why the cell could not be explored (recording or exploration failed), else empty
 * @param failures the failing states, minimized and explained
 */
public record Cell(String scenario, String model, Outcome verdict, Expectation expectation,
    long generated, long distinct, long checked, long violations, long millis, String error,
    List<Failure> failures) {

  public Cell {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(expectation, "expectation");
    error = error == null ? "" : error;
    failures = List.copyOf(failures);
  }

  /** A cell that could not be explored. */
  static Cell failed(Scenario s, String model, String error, long millis) {
    return new Cell(s.name(), model, Outcome.ERROR, s.expectations().get(model), 0, 0, 0, 0,
        millis, error, List.of());
  }

  @JsonIgnore
  public boolean asExpected() {
    return verdict == expectation.expected();
  }

  /**
   * One failing crash state, minimized and explained (the explorer's violation, with what the
   * report's timeline needs).
   *
   * @param stateId the state as found
   * @param minimizedId the smallest failing state found from it
   * @param crashPoint after op k, before op k+1
   * @param classification ATOMICITY, ORDERING, DURABILITY, CHECKER_ERROR or TIMEOUT
   * @param explanation the cause in words
   * @param checkerOutput what the checker said on the state as found
   * @param acked markers acknowledged before the crash point
   * @param omitted lost units of the minimized state, in words
   * @param torn torn units of the minimized state, in words
   * @param lostOps sequence numbers of the ops with a lost unit in the minimized state
   * @param tornOps sequence numbers of the ops with a torn unit in the minimized state
   * @param replay the command that rebuilds the state
   * @param statePath where the failing state was kept
   * @param cause the cause without sequence numbers (the explorer's grouping: one cause, one bug)
   */
  public record Failure(String stateId, String minimizedId, long crashPoint,
      String classification, String explanation, String checkerOutput, List<String> acked,
      List<String> omitted, List<String> torn, List<Long> lostOps, List<Long> tornOps,
      String replay, String statePath, String cause) {

    /** A failure whose cause was not recorded (reports written before causes were). */
    public Failure(String stateId, String minimizedId, long crashPoint, String classification,
        String explanation, String checkerOutput, List<String> acked, List<String> omitted,
        List<String> torn, List<Long> lostOps, List<Long> tornOps, String replay,
        String statePath) {
      this(stateId, minimizedId, crashPoint, classification, explanation, checkerOutput, acked,
          omitted, torn, lostOps, tornOps, replay, statePath, "");
    }

    public Failure {
      cause = cause == null ? "" : cause;
      acked = List.copyOf(acked);
      omitted = List.copyOf(omitted);
      torn = List.copyOf(torn);
      lostOps = List.copyOf(lostOps);
      tornOps = List.copyOf(tornOps);
    }
  }
}
