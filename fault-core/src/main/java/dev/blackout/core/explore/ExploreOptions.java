package dev.blackout.core.explore;

import java.util.List;
import java.util.Objects;

/**
 * How to explore: which strategies, how many states, from which seed, whether to prune crash
 * points, how many checks at once.
 *
 * @param strategies applied in order until the budget is spent
 * @param budget the most distinct states to check (generation stops there)
 * @param seed where every random choice comes from
 * @param prune visit only the crash points before barriers and the end, and keep, among states of
 *     identical content, the one with the most acknowledgements (needs a checker monotone in
 *     acknowledgements; docs/exploration.md)
 * @param exhaustiveBound the most states {@link Strategy#EXHAUSTIVE} enumerates per crash point
 * @param minimizeCalls the most checker runs spent minimizing one failing state
 * @param keepStates the most failing state directories kept on disk (the others are deleted once
 *     checked; their ids stay in the report and {@code blackout replay} rebuilds them)
 * @param keepBytes the most bytes of failing state directories kept on disk
 */
public record ExploreOptions(
    List<Strategy> strategies,
    int budget,
    long seed,
    boolean prune,
    int exhaustiveBound,
    int minimizeCalls,
    int keepStates,
    long keepBytes) {

  public static final int DEFAULT_BUDGET = 1000;
  public static final int DEFAULT_KEEP_STATES = 50;
  public static final long DEFAULT_KEEP_BYTES = 256L << 20;

  /** Options with the default limits on kept failing states. */
  public ExploreOptions(
      List<Strategy> strategies, int budget, long seed, boolean prune, int exhaustiveBound, int minimizeCalls) {
    this(strategies, budget, seed, prune, exhaustiveBound, minimizeCalls, DEFAULT_KEEP_STATES, DEFAULT_KEEP_BYTES);
  }

  public ExploreOptions {
    strategies = List.copyOf(Objects.requireNonNull(strategies, "strategies"));
    if (strategies.isEmpty()) {
      throw new IllegalArgumentException("at least one strategy is needed");
    }
    if (budget < 1) {
      throw new IllegalArgumentException("budget (" + budget + ") must be at least 1");
    }
    if (exhaustiveBound < 1 || minimizeCalls < 0) {
      throw new IllegalArgumentException("exhaustiveBound must be positive and minimizeCalls not negative");
    }
    if (keepStates < 0 || keepBytes < 0) {
      throw new IllegalArgumentException("keepStates and keepBytes must not be negative");
    }
  }

  public static ExploreOptions defaults(long seed) {
    return new ExploreOptions(Strategy.DEFAULT, DEFAULT_BUDGET, seed, true, 4096, 64);
  }

  public ExploreOptions withStrategies(List<Strategy> s) {
    return new ExploreOptions(s, budget, seed, prune, exhaustiveBound, minimizeCalls, keepStates, keepBytes);
  }

  public ExploreOptions withBudget(int b) {
    return new ExploreOptions(strategies, b, seed, prune, exhaustiveBound, minimizeCalls, keepStates, keepBytes);
  }

  public ExploreOptions withPrune(boolean p) {
    return new ExploreOptions(strategies, budget, seed, p, exhaustiveBound, minimizeCalls, keepStates, keepBytes);
  }

  public ExploreOptions withMinimizeCalls(int m) {
    return new ExploreOptions(strategies, budget, seed, prune, exhaustiveBound, m, keepStates, keepBytes);
  }

  /** The same options keeping at most {@code states} failing state directories of {@code bytes} in all. */
  public ExploreOptions withKeep(int states, long bytes) {
    return new ExploreOptions(strategies, budget, seed, prune, exhaustiveBound, minimizeCalls, states, bytes);
  }
}
