package dev.blackout.scenarios;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Objects;

/**
 * What a scenario should give under one model, and why.
 *
 * @param expected the verdict the suite compares against
 * @param table the verdict design.md section 8 (or the library's documentation) predicted; differs
 *     from {@code expected} only for a recorded finding
 * @param source where the expectation comes from (a document, a man page, a paper)
 * @param finding empty when {@code expected == table}; otherwise why the prediction was wrong
 */
public record Expectation(Outcome expected, Outcome table, String source, String finding) {

  public Expectation {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(finding, "finding");
    if (expected != table && finding.isBlank()) {
      throw new IllegalArgumentException(
          "expected (" + expected + ") differs from the table (" + table + "): say why in finding");
    }
  }

  /** The table's prediction, confirmed. */
  public static Expectation of(Outcome verdict, String source) {
    return new Expectation(verdict, verdict, source, "");
  }

  /** True when this cell records a disagreement with the prediction. */
  @JsonIgnore
  public boolean isFinding() {
    return expected != table;
  }
}
