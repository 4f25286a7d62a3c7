package dev.blackout.core.model;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One crash state, named the way its id names it: the crash point, the minimal units that did not
 * persist (everything that needs them did not persist either), and the torn units with the blocks
 * of each that did persist. Under {@code drop-unsynced} the state at a point is fixed, so both
 * lists are empty. Unit numbers are those of the {@link UnitGraph} the state belongs to; {@link
 * StateIds} turns a state into its printable id and back.
 */
public final class CrashState {

  private final long point;
  private final int[] omitted;
  private final SortedMap<Integer, BitSet> torn;

  /**
   * @param point the crash point k (the crash happens after op k)
   * @param omitted minimal units that did not persist (any order; kept sorted)
   * @param torn units that persisted partially, with the blocks that did
   */
  public CrashState(long point, int[] omitted, Map<Integer, BitSet> torn) {
    if (point < 0) {
      throw new IllegalArgumentException("crash point (" + point + ") must not be negative");
    }
    this.point = point;
    this.omitted = Arrays.stream(omitted).sorted().distinct().toArray();
    TreeMap<Integer, BitSet> t = new TreeMap<>();
    for (Map.Entry<Integer, BitSet> e : Objects.requireNonNull(torn, "torn").entrySet()) {
      t.put(e.getKey(), (BitSet) e.getValue().clone());
    }
    this.torn = Collections.unmodifiableSortedMap(t);
  }

  /** The state with nothing omitted at point {@code k} (for drop-unsynced: its only state). */
  public static CrashState full(long k) {
    return new CrashState(k, new int[0], Map.of());
  }

  public long point() {
    return point;
  }

  public int[] omitted() {
    return omitted.clone();
  }

  /** The torn units and the blocks of each that persisted (copies). */
  public SortedMap<Integer, BitSet> torn() {
    TreeMap<Integer, BitSet> t = new TreeMap<>();
    torn.forEach((k, v) -> t.put(k, (BitSet) v.clone()));
    return t;
  }

  int[] omittedRaw() {
    return omitted;
  }

  SortedMap<Integer, BitSet> tornRaw() {
    return torn;
  }

  /** Whether nothing issued by the crash point is missing (beyond what the model drops). */
  public boolean isFull() {
    return omitted.length == 0 && torn.isEmpty();
  }

  /** Number of omitted plus torn units. */
  public int size() {
    return omitted.length + torn.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CrashState c
        && c.point == point
        && Arrays.equals(c.omitted, omitted)
        && c.torn.equals(torn);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(point) * 31 + Arrays.hashCode(omitted) * 17 + torn.hashCode();
  }

  @Override
  public String toString() {
    return "CrashState[k" + point + " omitted " + Arrays.toString(omitted) + " torn " + torn + "]";
  }
}
