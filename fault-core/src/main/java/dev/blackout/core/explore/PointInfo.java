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
    this.k = k;
    this.issued = g.unitsUpTo(k);
    this.forced = new BitSet(issued);
    int count = 0;
    for (int u = 0; u < issued; u++) {
      if (g.forcedAt(u) <= k) {
        forced.set(u);
      } else {
        count++;
      }
    }
    if (!g.pendingMayPersist()) {
      count = 0;
    }
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
