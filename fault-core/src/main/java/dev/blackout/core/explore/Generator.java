package dev.blackout.core.explore;

import dev.blackout.core.model.CrashState;
import dev.blackout.core.model.States;
import dev.blackout.core.model.UnitGraph;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Produces candidate crash states for each strategy, deterministically: points and units are
 * visited in sorted order, and every random choice comes from a private {@link Random} seeded
 * from the run's seed and the strategy.
 */
final class Generator {

  /** Receives candidates; returns false when no more are wanted. */
  interface Sink {
    boolean accept(CrashState state);
  }

  private final UnitGraph g;
  private final List<Long> points;
  private final ExploreOptions options;
  private final Map<Long, PointInfo> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, PointInfo> e) {
          return size() > 32;
        }
      };
  /** Set when exhaustive enumeration stopped at its bound somewhere. */
  boolean exhaustiveTruncated;

  Generator(UnitGraph g, List<Long> points, ExploreOptions options) {
    this.g = g;
    this.points = points;
    this.options = options;
    // drop-unsynced states differ only where a barrier or a namespace op changed them and dedup
    // heavily: visiting points in order lets each state's image extend the previous one
    this.spread = g.pendingMayPersist() ? spread(points, options.budget()) : points;
  }

  /** Points in the order per-point strategies visit them. */
  private final List<Long> spread;

  /**
   * When there are more points than the budget, visit the end first and then every s-th point,
   * then the ones in between, so that a budget spent early still covers the whole trace.
   */
  static List<Long> spread(List<Long> points, int budget) {
    int n = points.size();
    if (n <= budget || n == 0) {
      return points;
    }
    int stride = (n + budget - 1) / budget;
    List<Long> out = new java.util.ArrayList<>(n);
    out.add(points.get(n - 1));
    for (int offset = 0; offset < stride; offset++) {
      for (int i = offset; i < n - 1; i += stride) {
        out.add(points.get(i));
      }
    }
    return out;
  }

  PointInfo info(long k) {
    PointInfo known = cache.get(k);
    if (known != null) {
      return known;
    }
    PointInfo before = null;
    for (PointInfo p : cache.values()) {
      if (p.k < k && (before == null || p.k > before.k)) {
        before = p;
      }
    }
    PointInfo p = new PointInfo(g, k, before);
    cache.put(k, p);
    return p;
  }

  /**
   * Runs {@code strategy}; {@code quota} is how many candidates it may offer per crash point
   * before moving on (deterministic strategies), or in all (random).
   */
  boolean run(Strategy strategy, Sink sink, int quota) {
    return switch (strategy) {
      case MINIMAL -> eachPoint(k -> sink.accept(minimal(info(k))));
      case MAXIMAL -> eachPoint(k -> sink.accept(CrashState.full(k)));
      case OMIT_ONE -> eachPoint(k -> omitOne(info(k), sink, quota));
      case IN_ORDER -> eachPoint(k -> inOrder(info(k), sink, quota));
      case TORN -> eachPoint(k -> torn(info(k), sink, quota));
      case RANDOM -> random(sink, quota);
      case EXHAUSTIVE -> eachPoint(k -> exhaustive(info(k), sink));
    };
  }

  private interface PointAction {
    boolean run(long k);
  }

  private boolean eachPoint(PointAction action) {
    for (long k : spread) {
      if (!action.run(k)) {
        return false;
      }
    }
    return true;
  }

  private CrashState minimal(PointInfo p) {
    return States.fromPresent(g, p.k, p.forced, Map.of());
  }

  private boolean omitOne(PointInfo p, Sink sink, int quota) {
    int n = 0;
    for (int u : p.pending) {
      if (n++ >= quota) {
        break;
      }
      if (!sink.accept(new CrashState(p.k, new int[] {u}, Map.of()))) {
        return false;
      }
    }
    return true;
  }

  private boolean inOrder(PointInfo p, Sink sink, int quota) {
    int count = Math.min(p.pending.length + 1, quota);
    for (int i = 0; i < count; i++) {
      // spread the prefixes evenly when the quota is smaller than their number
      int j = count == p.pending.length + 1 ? i : (int) ((long) i * p.pending.length / Math.max(1, count - 1));
      BitSet present = (BitSet) p.forced.clone();
      for (int x = 0; x < j; x++) {
        present.set(p.pending[x]);
      }
      if (!sink.accept(States.fromPresent(g, p.k, present, Map.of()))) {
        return false;
      }
    }
    return true;
  }

  private boolean torn(PointInfo p, Sink sink, int quota) {
    int n = 0;
    for (int u : p.pending) {
      int blocks = g.blockCount(u);
      if (!g.isData(u) || blocks < 2) {
        continue;
      }
      if (n++ >= quota) {
        break;
      }
      BitSet allButLast = new BitSet();
      allButLast.set(0, blocks - 1);
      BitSet allButFirst = new BitSet();
      allButFirst.set(1, blocks);
      if (!sink.accept(new CrashState(p.k, new int[0], Map.of(u, allButLast)))
          || !sink.accept(new CrashState(p.k, new int[0], Map.of(u, allButFirst)))) {
        return false;
      }
    }
    return true;
  }

  private boolean random(Sink sink, int quota) {
    Random rnd = new Random(options.seed() * 0x9E3779B97F4A7C15L + 0x5DEECE66DL);
    for (int i = 0; i < quota; i++) {
      long k = points.get(rnd.nextInt(points.size()));
      PointInfo p = info(k);
      double q = 0.05 + 0.9 * rnd.nextDouble();
      BitSet present = (BitSet) p.forced.clone();
      for (int u : p.pending) {
        if (rnd.nextDouble() < q && predsPresent(u, present)) {
          present.set(u);
        }
      }
      Map<Integer, BitSet> torn = Map.of();
      if (rnd.nextInt(3) == 0) {
        torn = randomTear(p, present, rnd);
      }
      if (!sink.accept(States.fromPresent(g, k, present, torn))) {
        return false;
      }
    }
    return true;
  }

  private Map<Integer, BitSet> randomTear(PointInfo p, BitSet present, Random rnd) {
    int candidates = 0;
    int chosen = -1;
    for (int u : p.pending) {
      if (!present.get(u) && g.isData(u) && g.blockCount(u) >= 2 && predsPresent(u, present)) {
        candidates++;
        if (rnd.nextInt(candidates) == 0) {
          chosen = u;
        }
      }
    }
    if (chosen < 0) {
      return Map.of();
    }
    int blocks = g.blockCount(chosen);
    BitSet keep = new BitSet();
    while (keep.isEmpty() || keep.cardinality() == blocks) {
      keep.clear();
      for (int b = 0; b < blocks; b++) {
        if (rnd.nextBoolean()) {
          keep.set(b);
        }
      }
    }
    return Map.of(chosen, keep);
  }

  private boolean predsPresent(int u, BitSet present) {
    for (int pr : g.preds(u)) {
      if (!present.get(pr)) {
        return false;
      }
    }
    return true;
  }

  private static final int EXHAUSTIVE_MAX_PENDING = 2000;

  private boolean exhaustive(PointInfo p, Sink sink) {
    if (p.pending.length > EXHAUSTIVE_MAX_PENDING) {
      exhaustiveTruncated = true;
      return true;
    }
    int[] produced = {0};
    BitSet present = (BitSet) p.forced.clone();
    return enumerate(p, 0, present, sink, produced);
  }

  private boolean enumerate(PointInfo p, int i, BitSet present, Sink sink, int[] produced) {
    if (produced[0] >= options.exhaustiveBound()) {
      exhaustiveTruncated = true;
      return true;
    }
    if (i == p.pending.length) {
      produced[0]++;
      return sink.accept(States.fromPresent(g, p.k, (BitSet) present.clone(), Map.of()));
    }
    int u = p.pending[i];
    if (predsPresent(u, present)) {
      present.set(u);
      boolean more = enumerate(p, i + 1, present, sink, produced);
      present.clear(u);
      if (!more) {
        return false;
      }
    }
    return enumerate(p, i + 1, present, sink, produced);
  }
}
