package dev.blackout.core.explore;

import dev.blackout.core.model.UnitGraph;
import java.util.ArrayList;
import java.util.List;

/**
 * The crash points worth visiting (design.md section 4). Where any ideal of the unforced units may
 * persist, a state reachable at k is reachable at every later k' up to the next barrier (order
 * edges point forward; the forced set only grows at barriers), with at least k's acknowledgements:
 * only the point just before each barrier and the end of the trace need a visit. Where the state
 * at a point is fixed (prefix, drop-unsynced), every point is a different state.
 */
final class CrashPoints {

  private CrashPoints() {}

  static List<Long> visit(UnitGraph g, boolean prune) {
    List<Long> points = new ArrayList<>();
    int n = g.opCount();
    boolean free = g.pendingMayPersist() && !allForcedAtIssue(g);
    for (long k = 0; k <= n; k++) {
      if (!prune || !free || k == n || g.forcesAt(k + 1)) {
        points.add(k);
      }
    }
    return points;
  }

  /** True when every unit is durable as soon as its op completes (the prefix model). */
  private static boolean allForcedAtIssue(UnitGraph g) {
    for (int u = 0; u < g.unitCount(); u++) {
      if (g.forcedAt(u) != g.seq(u)) {
        return false;
      }
    }
    return true;
  }
}
