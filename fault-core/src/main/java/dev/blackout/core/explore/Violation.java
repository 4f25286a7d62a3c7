package dev.blackout.core.explore;

import dev.blackout.core.check.CheckResult;
import dev.blackout.core.check.Verdict;
import java.util.List;

/**
 * One crash state the checker did not accept, minimized and explained.
 *
 * @param stateId the state as found
 * @param crashPoint its crash point
 * @param minimizedId the smallest failing state found from it (same crash point)
 * @param outcome what the checker said on the state as found: FAIL, ERROR or TIMEOUT
 * @param classification ATOMICITY, ORDERING, DURABILITY (or CHECKER_ERROR / TIMEOUT, unminimized)
 * @param explanation the cause in words, naming ops and files
 * @param cause the cause without sequence numbers: violations with the same cause are one bug
 * @param checkerOutput what the checker printed on the state as found
 * @param acked the markers acknowledged before the crash point
 * @param persisted units of the minimized state that persisted after its first lost one, in words
 * @param omitted units of the minimized state that did not persist (the minimal ones), in words
 * @param torn torn units of the minimized state with the byte ranges that persisted, in words
 * @param statePath where the failing state was kept on disk (null if it was not)
 * @param fix what to change, naming the missing barrier and where (null: none more specific than
 *     the classification's usual advice)
 * @param fullStateId the state's full id when {@code stateId} is its short form (else the same)
 * @param fullMinimizedId the minimized state's full id (else the same as {@code minimizedId})
 */
public record Violation(
    String stateId,
    long crashPoint,
    String minimizedId,
    CheckResult.Outcome outcome,
    Verdict.Kind classification,
    String explanation,
    String cause,
    String checkerOutput,
    List<String> acked,
    List<String> persisted,
    List<String> omitted,
    List<String> torn,
    String statePath,
    String fix,
    String fullStateId,
    String fullMinimizedId) {

  public Violation(String stateId, long crashPoint, String minimizedId, CheckResult.Outcome outcome,
      Verdict.Kind classification, String explanation, String cause, String checkerOutput,
      List<String> acked, List<String> persisted, List<String> omitted, List<String> torn,
      String statePath) {
    this(stateId, crashPoint, minimizedId, outcome, classification, explanation, cause,
        checkerOutput, acked, persisted, omitted, torn, statePath, null);
  }

  /** A violation whose ids are short enough to be their own full ids. */
  public Violation(String stateId, long crashPoint, String minimizedId, CheckResult.Outcome outcome,
      Verdict.Kind classification, String explanation, String cause, String checkerOutput,
      List<String> acked, List<String> persisted, List<String> omitted, List<String> torn,
      String statePath, String fix) {
    this(stateId, crashPoint, minimizedId, outcome, classification, explanation, cause,
        checkerOutput, acked, persisted, omitted, torn, statePath, fix, stateId, minimizedId);
  }

  /** This violation explained by {@code words} (and grouped under their cause). */
  Violation explainedAs(Explainer.Words words) {
    return new Violation(stateId, crashPoint, minimizedId, outcome, words.kind(), words.explanation(),
        words.cause(), checkerOutput, acked, words.persisted(), words.omitted(), words.torn(),
        statePath, words.fix(), fullStateId, fullMinimizedId);
  }

  /** This violation under {@code example}'s cause, classification and fix (its own words kept). */
  Violation groupedWith(Violation example) {
    return new Violation(stateId, crashPoint, minimizedId, outcome, example.classification(),
        explanation, example.cause(), checkerOutput, acked, persisted, omitted, torn, statePath,
        example.fix(), fullStateId, fullMinimizedId);
  }

  public Violation {
    acked = List.copyOf(acked);
    persisted = List.copyOf(persisted);
    omitted = List.copyOf(omitted);
    torn = List.copyOf(torn);
  }
}
