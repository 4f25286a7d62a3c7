package dev.blackout.core.check;

import java.util.Objects;

/**
 * The final judgement on one crash state (design.md section 2), after the explorer has classified a
 * failing check by minimizing the state.
 *
 * <p>A checker never produces ATOMICITY, ORDERING or DURABILITY itself: it only says {@link
 * CheckResult.Outcome#FAIL}. Which of the three a failure is depends on which units had to be lost
 * for it to fail, which only the explorer knows.
 *
 * @param kind the classification
 * @param detail the explanation in words (the checker's message for errors and timeouts, the
 *     minimized cause for violations); empty for a consistent state
 */
public record Verdict(Kind kind, String detail) {

  /** The classification of a crash state. */
  public enum Kind {
    /** The checker accepted the state. */
    CONSISTENT,
    /** Fails with nothing omitted: a prefix of the trace is already broken (torn or non-atomic). */
    ATOMICITY,
    /** Needs a later unit durable while an earlier one was lost. */
    ORDERING,
    /** Only data an acknowledged marker promised is missing; the state is otherwise consistent. */
    DURABILITY,
    /** The checker could not run or threw an unexpected exception. */
    CHECKER_ERROR,
    /** The checker hung past the per-state timeout. */
    TIMEOUT;

    /** True for the three kinds that are bugs in the workload (not in the checker). */
    public boolean isViolation() {
      return this == ATOMICITY || this == ORDERING || this == DURABILITY;
    }
  }

  public Verdict {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }

  /**
   * The verdict for a check result: PASS, ERROR and TIMEOUT map one to one; a FAIL takes the
   * classification the explorer found.
   *
   * @throws IllegalArgumentException if the result failed and {@code violationKind} is not one of
   *     ATOMICITY, ORDERING, DURABILITY
   */
  public static Verdict of(CheckResult result, Kind violationKind, String explanation) {
    return switch (result.outcome()) {
      case PASS -> new Verdict(Kind.CONSISTENT, "");
      case ERROR -> new Verdict(Kind.CHECKER_ERROR, result.output());
      case TIMEOUT -> new Verdict(Kind.TIMEOUT, result.output());
      case FAIL -> {
        if (violationKind == null || !violationKind.isViolation()) {
          throw new IllegalArgumentException(
              "a failed check must be classified as ATOMICITY, ORDERING or DURABILITY, not "
                  + violationKind);
        }
        yield new Verdict(violationKind, explanation);
      }
    };
  }
}
