package dev.blackout.core.check;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * How many crash states an exploration went through (design.md section 4).
 *
 * @param generated states the strategies produced
 * @param distinct states left after deduplication (same content and same acknowledgements)
 * @param checked states a checker ran on (this shard's share of the distinct ones)
 * @param violations checked states whose checker reported a violation
 * @param checkerErrors checked states whose checker could not run
 * @param timeouts checked states whose checker hung past the timeout
 */
@JsonPropertyOrder({"generated", "distinct", "checked", "violations", "checkerErrors", "timeouts"})
public record Counts(
    long generated,
    long distinct,
    long checked,
    long violations,
    long checkerErrors,
    long timeouts) {

  public Counts {
    if (generated < 0
        || distinct < 0
        || checked < 0
        || violations < 0
        || checkerErrors < 0
        || timeouts < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative: " + summaryText(generated, distinct, checked, violations));
    }
    if (distinct > generated
        || checked > distinct
        || violations + checkerErrors + timeouts > checked) {
      throw new IllegalArgumentException(
          "counts must satisfy generated >= distinct >= checked >= violations + errors + timeouts: "
              + summaryText(generated, distinct, checked, violations)
              + ", checker errors "
              + checkerErrors
              + ", timeouts "
              + timeouts);
    }
  }

  /** The summary line: see {@link Summary#line(Counts)}. */
  String summaryText() {
    return summaryText(generated, distinct, checked, violations);
  }

  private static String summaryText(long g, long d, long c, long v) {
    return "states: generated " + g + ", distinct " + d + ", checked " + c + ", violations " + v;
  }
}
