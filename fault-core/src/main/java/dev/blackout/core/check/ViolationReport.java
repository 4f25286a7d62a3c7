package dev.blackout.core.check;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * One crash state a checker did not accept, as written in report.json.
 *
 * @param stateId the printable state id ({@code blackout replay --state ID})
 * @param crashPoint the crash point k: after op k, before op k+1
 * @param persisted the units that were durable, in words (e.g. "rename #14 'tmp' -> 'db'")
 * @param omitted the units issued by k that were lost, in words
 * @param torn the writes that persisted in part, in words (which blocks)
 * @param acked the markers acknowledged before the crash point, in order
 * @param outcome what the checker said: FAIL, ERROR or TIMEOUT
 * @param classification ATOMICITY, ORDERING, DURABILITY, CHECKER_ERROR or TIMEOUT
 * @param checkerOutput the checker's output (capped)
 * @param explanation the minimized cause in words
 * @param replayCommand the command line rebuilding this state
 * @param statePath where the failing state was kept on disk, or null if it was not
 * @param fullStateId the full state id when {@code stateId} is its short form ({@code
 *     k<point>-h<hash>}, for ids longer than 100 characters), else null; {@code blackout replay
 *     --report} resolves a short id through it
 */
@JsonPropertyOrder({
  "stateId",
  "crashPoint",
  "classification",
  "outcome",
  "explanation",
  "persisted",
  "omitted",
  "torn",
  "acked",
  "checkerOutput",
  "replayCommand",
  "statePath",
  "fullStateId"
})
public record ViolationReport(
    String stateId,
    long crashPoint,
    List<String> persisted,
    List<String> omitted,
    List<String> torn,
    List<String> acked,
    CheckResult.Outcome outcome,
    Verdict.Kind classification,
    String checkerOutput,
    String explanation,
    String replayCommand,
    String statePath,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String fullStateId) {

  /** A report of a state whose id is its full id. */
  public ViolationReport(String stateId, long crashPoint, List<String> persisted, List<String> omitted,
      List<String> torn, List<String> acked, CheckResult.Outcome outcome, Verdict.Kind classification,
      String checkerOutput, String explanation, String replayCommand, String statePath) {
    this(stateId, crashPoint, persisted, omitted, torn, acked, outcome, classification, checkerOutput, explanation,
        replayCommand, statePath, null);
  }

  public ViolationReport {
    Objects.requireNonNull(stateId, "stateId");
    if (crashPoint < 0) {
      throw new IllegalArgumentException("crashPoint (" + crashPoint + ") must not be negative");
    }
    persisted = copy(persisted);
    omitted = copy(omitted);
    torn = copy(torn);
    acked = copy(acked);
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(classification, "classification");
    if (outcome == CheckResult.Outcome.PASS || classification == Verdict.Kind.CONSISTENT) {
      throw new IllegalArgumentException(
          "a violation report needs a failing outcome and classification, not "
              + outcome
              + "/"
              + classification);
    }
    checkerOutput = checkerOutput == null ? "" : checkerOutput;
    explanation = explanation == null ? "" : explanation;
    replayCommand = replayCommand == null ? "" : replayCommand;
    if (fullStateId != null && fullStateId.equals(stateId)) {
      fullStateId = null;
    }
  }

  private static List<String> copy(List<String> list) {
    return list == null ? List.of() : List.copyOf(list);
  }
}
