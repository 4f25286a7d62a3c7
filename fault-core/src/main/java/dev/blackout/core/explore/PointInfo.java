package dev.blackout.core.explore;

import dev.blackout.core.model.UnitGraph;
import java.util.BitSet;

/**
 * One crash point as the strategies see it: the units issued by it, the forced ones, and the
 * pending ones (issued, not forced, allowed to persist).
 */
final class PointInfo {
  final long k;
  final int issued;
  final BitSet forced;
  final int[] pending;

  PointInfo(UnitGraph g, long k) {
    this(g, k, null);
  }

  /**
   * The point {@code k}, built from {@code before} (a point before it, or null): its forced set
   * plus what was forced in between, so that points visited in order cost what changed.
   */
  PointInfo(UnitGraph g, long k, PointInfo before) {
    this.k = k;
    this.issued = g.unitsUpTo(k);
    if (before != null && before.k < k) {
      this.forced = (BitSet) before.forced.clone();
      g.addForced(forced, before.k, k);
    } else {
      this.forced = new BitSet(issued);
      g.addForced(forced, -1, k);
    }
    int count = g.pendingMayPersist() ? issued - forced.cardinality() : 0;
    this.pending = new int[count];
    if (count > 0) {
      int i = 0;
      for (int u = forced.nextClearBit(0); u < issued; u = forced.nextClearBit(u + 1)) {
        pending[i++] = u;
      }
    }
  }

  /** Everything issued, as a set. */
  BitSet all() {
    BitSet b = new BitSet(issued);
    b.set(0, issued);
    return b;
  }
}
