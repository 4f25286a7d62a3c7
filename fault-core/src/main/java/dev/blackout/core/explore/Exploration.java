package dev.blackout.core.explore;

import dev.blackout.core.check.Verdict;
import java.util.List;

/**
 * What an exploration found.
 *
 * @param generated distinct state ids the strategies produced
 * @param distinct states left after deduplication by content (and acknowledgements)
 * @param checked states the checker ran on (this shard's share of the distinct ones)
 * @param violations every checked state that failed, in state order
 * @param causes one line per distinct cause, most frequent first
 * @param crashPoints op boundaries in the trace
 * @param visited crash points explored
 * @param exhaustiveTruncated whether exhaustive enumeration stopped at its bound somewhere
 * @param budgetReached whether the budget of distinct states stopped generation (the strategies
 *     would have proposed more)
 * @param estimatedStates a cheap estimate of the distinct states the strategies would find without
 *     a budget (exact when they all ran to their end), -1 when none is cheap
 * @param keptStates failing state directories kept on disk
 * @param droppedStates failing state directories deleted because the limits on kept states
 *     ({@link ExploreOptions#keepStates()}, {@link ExploreOptions#keepBytes()}) were reached
 */
public record Exploration(
    long generated,
    long distinct,
    long checked,
    List<Violation> violations,
    List<Cause> causes,
    long crashPoints,
    long visited,
    boolean exhaustiveTruncated,
    boolean budgetReached,
    long estimatedStates,
    long keptStates,
    long droppedStates) {

  public Exploration {
    violations = List.copyOf(violations);
    causes = List.copyOf(causes);
  }

  /** An exploration whose budget did not stop it, with no estimate. */
  public Exploration(long generated, long distinct, long checked, List<Violation> violations, List<Cause> causes,
      long crashPoints, long visited, boolean exhaustiveTruncated) {
    this(generated, distinct, checked, violations, causes, crashPoints, visited, exhaustiveTruncated, false, -1,
        violations.stream().filter(v -> v.statePath() != null).count(), 0);
  }

  /** An exploration with no failing state directories counted as kept or dropped. */
  public Exploration(long generated, long distinct, long checked, List<Violation> violations, List<Cause> causes,
      long crashPoints, long visited, boolean exhaustiveTruncated, boolean budgetReached, long estimatedStates) {
    this(generated, distinct, checked, violations, causes, crashPoints, visited, exhaustiveTruncated, budgetReached,
        estimatedStates, violations.stream().filter(v -> v.statePath() != null).count(), 0);
  }

  /**
   * How much of the space this run saw, in words: e.g. {@code budget reached at 200 distinct
   * states of ~5400 estimated}, or {@code all 37 distinct states}.
   */
  public String coverage() {
    String est = estimatedStates < 0 ? "" : " of ~" + estimatedStates + " estimated";
    if (budgetReached) {
      return "budget reached at " + distinct + " distinct states" + est;
    }
    return estimatedStates == distinct ? "all " + distinct + " distinct states the strategies find" : distinct + " distinct states" + est;
  }

  /** Failing states that are bugs (not checker errors or timeouts). */
  public long violationCount() {
    return violations.stream().filter(v -> v.classification().isViolation()).count();
  }

  public long count(Verdict.Kind c) {
    return violations.stream().filter(v -> v.classification() == c).count();
  }

  /** The summary line of design.md section 7. */
  public String summary() {
    return "states: generated " + generated + ", distinct " + distinct + ", checked " + checked
        + ", violations " + violationCount();
  }

  /**
   * One distinct cause: how many failing states share it, its classification, and the explanation
   * of its smallest example.
   */
  public record Cause(Verdict.Kind classification, String explanation, int states, String exampleId) {}
}
