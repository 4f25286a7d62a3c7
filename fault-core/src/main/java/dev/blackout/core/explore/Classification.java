package dev.blackout.core.explore;

/** Why a crash state failed (design.md section 4), or why it could not be judged. */
public enum Classification {
  /** Fails with nothing lost but the tail of the trace (a prefix, possibly with its last op in part). */
  ATOMICITY,
  /** Needs a later unit durable while an earlier one was lost. */
  ORDERING,
  /** Consistent, but data an acknowledged marker promised is missing. */
  DURABILITY,
  /** The checker could not run. */
  CHECKER_ERROR,
  /** The checker hung past its timeout. */
  TIMEOUT;

  public boolean isViolation() {
    return this == ATOMICITY || this == ORDERING || this == DURABILITY;
  }
}
