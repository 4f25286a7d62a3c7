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
 * @param budgetHit whether generation stopped because the budget of distinct states was reached
 *     (so more states were there to check)
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
    boolean budgetHit) {

  public Exploration {
    violations = List.copyOf(violations);
    causes = List.copyOf(causes);
  }

  /** An exploration whose budget was not hit. */
  public Exploration(long generated, long distinct, long checked, List<Violation> violations,
      List<Cause> causes, long crashPoints, long visited, boolean exhaustiveTruncated) {
    this(generated, distinct, checked, violations, causes, crashPoints, visited,
        exhaustiveTruncated, false);
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
