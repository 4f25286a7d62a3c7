package dev.blackout.scenarios;

/**
 * A cell of the scenario table (design.md section 8): what exploring a scenario under one model
 * found, reduced to the table's three letters.
 */
public enum Outcome {
  /** No violation. */
  OK("ok"),
  /** Durability only: an acknowledged update is missing, the state is otherwise consistent. */
  D("D"),
  /** Atomicity, ordering or corruption: a state that is neither the old nor the new content. */
  A("A"),
  /** The checker could not judge some state (it failed to run, or timed out). */
  ERROR("error");

  private final String symbol;

  Outcome(String symbol) {
    this.symbol = symbol;
  }

  /** The table's spelling: {@code ok}, {@code D}, {@code A}, {@code error}. */
  public String symbol() {
    return symbol;
  }

  /** Parses the table's spelling. */
  public static Outcome parse(String s) {
    for (Outcome o : values()) {
      if (o.symbol.equals(s)) {
        return o;
      }
    }
    throw new IllegalArgumentException("not a table verdict: '" + s + "' (ok, D, A or error)");
  }

  @Override
  public String toString() {
    return symbol;
  }
}
