package dev.blackout.core.model;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The sets of units crash states stand for, and the checks that a state is one. */
public final class States {

  private States() {}

  /** The units that persisted whole in {@code s} (torn units are not among them). */
  public static BitSet present(UnitGraph g, CrashState s) {
    int n = g.unitsUpTo(s.point());
    BitSet present;
    if (g.pendingMayPersist()) {
      present = new BitSet(n);
      present.set(0, n);
    } else {
      present = g.forcedSet(s.point());
    }
    int[] seeds = new int[s.omittedRaw().length + s.tornRaw().size()];
    int i = 0;
    for (int u : s.omittedRaw()) {
      seeds[i++] = u;
    }
    for (int u : s.tornRaw().keySet()) {
      seeds[i++] = u;
    }
    present.andNot(upClosure(g, seeds, n));
    return present;
  }

  /** {@code seeds} and every unit below {@code limit} that needs one of them first. */
  public static BitSet upClosure(UnitGraph g, int[] seeds, int limit) {
    BitSet out = new BitSet(limit);
    int[] stack = new int[Math.max(16, seeds.length)];
    int top = 0;
    for (int u : seeds) {
      if (u < limit && !out.get(u)) {
        out.set(u);
        stack[top++] = u;
      }
    }
    while (top > 0) {
      int v = stack[--top];
      for (int w : g.succs(v)) {
        if (w < limit && !out.get(w)) {
          out.set(w);
          if (top == stack.length) {
            stack = java.util.Arrays.copyOf(stack, top * 2);
          }
          stack[top++] = w;
        }
      }
    }
    return out;
  }

  /** The units forced at crash point {@code k}. */
  public static BitSet forced(UnitGraph g, long k) {
    return g.forcedSet(k);
  }

  /**
   * The canonical state at {@code k} whose whole units are {@code present} (an ideal containing
   * the forced units) and whose torn units are {@code torn}: the omitted list is the minimal
   * units missing.
   */
  public static CrashState fromPresent(UnitGraph g, long k, BitSet present, Map<Integer, BitSet> torn) {
    if (!g.pendingMayPersist()) {
      return CrashState.full(k);
    }
    int n = g.unitsUpTo(k);
    List<Integer> minimal = new ArrayList<>();
    for (int u = present.nextClearBit(0); u < n; u = present.nextClearBit(u + 1)) {
      if (torn.containsKey(u)) {
        continue;
      }
      boolean allPredsPresent = true;
      for (int p : g.preds(u)) {
        if (!present.get(p)) {
          allPredsPresent = false;
          break;
        }
      }
      if (allPredsPresent) {
        minimal.add(u);
      }
    }
    return new CrashState(k, minimal.stream().mapToInt(Integer::intValue).toArray(), torn);
  }

  /** The same state with its omitted list reduced to the minimal missing units. */
  public static CrashState canonical(UnitGraph g, CrashState s) {
    return fromPresent(g, s.point(), present(g, s), s.tornRaw());
  }

  /** Why {@code s} is not a crash state of {@code g}, or null if it is one. */
  public static String problem(UnitGraph g, CrashState s) {
    if (s.point() > g.opCount()) {
      return "crash point " + s.point() + " is past the last op " + g.opCount();
    }
    if (!g.pendingMayPersist() && !s.isFull()) {
      return "under " + g.model() + " the state at a crash point is fixed: omit and tear nothing";
    }
    int n = g.unitsUpTo(s.point());
    List<Integer> all = new ArrayList<>();
    for (int u : s.omittedRaw()) {
      all.add(u);
    }
    all.addAll(s.tornRaw().keySet());
    for (int u : all) {
      if (u >= n) {
        return "unit " + g.unitId(u) + " is issued after crash point " + s.point();
      }
      if (g.forcedAt(u) <= s.point()) {
        return "unit " + g.unitId(u) + " (" + g.describe(u) + ") is durable from op #" + g.forcedAt(u) + " on";
      }
    }
    for (int u : s.omittedRaw()) {
      if (s.tornRaw().containsKey(u)) {
        return "unit " + g.unitId(u) + " is both omitted and torn";
      }
    }
    BitSet present = present(g, s);
    for (Map.Entry<Integer, BitSet> e : s.tornRaw().entrySet()) {
      int u = e.getKey();
      if (!g.isData(u) || g.blockCount(u) < 2) {
        return "unit " + g.unitId(u) + " (" + g.describe(u) + ") cannot be torn";
      }
      BitSet b = e.getValue();
      if (b.isEmpty() || b.cardinality() >= g.blockCount(u) || b.length() > g.blockCount(u)) {
        return "torn unit " + g.unitId(u) + " must keep some but not all of its " + g.blockCount(u) + " blocks";
      }
      for (int p : g.preds(u)) {
        if (!present.get(p)) {
          return "torn unit " + g.unitId(u) + " needs unit " + g.unitId(p) + " which did not persist";
        }
      }
    }
    return null;
  }

  /** A copy of {@code torn} (for building states). */
  static Map<Integer, BitSet> copy(Map<Integer, BitSet> torn) {
    Map<Integer, BitSet> t = new TreeMap<>();
    torn.forEach((k, v) -> t.put(k, (BitSet) v.clone()));
    return t;
  }
}
