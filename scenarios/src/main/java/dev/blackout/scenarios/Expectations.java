package dev.blackout.scenarios;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a scenario's row of expectations, one per model, in {@link Scenario#MODELS} order. */
final class Expectations {
  private final Map<String, Expectation> cells = new LinkedHashMap<>();

  private Expectations() {}

  /**
   * A row as the table spells it ({@code "ok", "D", "A"}), for prefix, drop-unsynced,
   * ext4-ordered and posix, all from {@code source}.
   */
  static Expectations row(String source, String prefix, String drop, String ext4, String posix) {
    Expectations e = new Expectations();
    List<String> v = List.of(prefix, drop, ext4, posix);
    for (int i = 0; i < Scenario.MODELS.size(); i++) {
      e.cells.put(Scenario.MODELS.get(i), Expectation.of(Outcome.parse(v.get(i)), source));
    }
    return e;
  }

  /** Records a finding: the prediction was {@code table}, Blackout gives {@code actual}, because. */
  Expectations finding(String model, String actual, String reason) {
    Expectation old = cells.get(model);
    if (old == null) {
      throw new IllegalArgumentException("unknown model '" + model + "'");
    }
    cells.put(model, new Expectation(Outcome.parse(actual), old.table(), old.source(), reason));
    return this;
  }

  Map<String, Expectation> build() {
    return Map.copyOf(cells);
  }
}
