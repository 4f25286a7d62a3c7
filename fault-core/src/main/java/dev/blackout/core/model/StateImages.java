package dev.blackout.core.model;

import dev.blackout.core.image.FsImage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Builds the in-memory image of a crash state: the trace's initial image plus the state's units,
 * applied in trace order (within one op, in the order that lets a size persist before its data).
 * Images of fully persisted trace prefixes are kept every {@code stride} ops and shared
 * copy-on-write, so a state costs the ops after its first missing unit. Thread-safe.
 */
public final class StateImages {

  private final UnitGraph graph;
  private final int stride;
  private final List<FsImage> checkpoints = new ArrayList<>();

  public StateImages(UnitGraph graph) {
    this.graph = graph;
    this.stride = Math.max(32, graph.opCount() / 256);
    checkpoints.add(FsImage.of(graph.trace().image()));
  }

  /** The last state built without torn units: later states that extend it start from it. */
  private long lastPoint = -1;
  private BitSet lastPresent;
  private FsImage lastImage;

  /** A fresh image of {@code state} (the caller owns it). */
  public FsImage image(CrashState state) {
    BitSet present = States.present(graph, state);
    FsImage incremental = extendLast(state, present);
    if (incremental != null) {
      return incremental;
    }
    FsImage built = build(state, present);
    remember(state, present, built);
    return built;
  }

  /**
   * A fresh image holding exactly the whole units {@code present} (any downward-closed set of
   * units up to {@code shape}'s crash point, not necessarily a state of the model) and {@code
   * shape}'s torn units that are not in {@code present}: what-if images for explaining a failure.
   */
  public FsImage image(CrashState shape, BitSet present) {
    java.util.Map<Integer, BitSet> torn = new java.util.TreeMap<>(shape.tornRaw());
    torn.keySet().removeIf(present::get);
    return build(new CrashState(shape.point(), new int[0], torn), present);
  }

  /**
   * When {@code state} only adds units of ops after the last state's crash point to that state
   * (consecutive crash points of prefix and drop-unsynced, mostly), its image is the last image
   * plus those ops: no replay from the start.
   */
  private FsImage extendLast(CrashState state, BitSet present) {
    FsImage base;
    long from;
    synchronized (this) {
      if (lastImage == null || !state.tornRaw().isEmpty() || state.point() < lastPoint) {
        return null;
      }
      BitSet head = present.get(0, graph.unitsUpTo(lastPoint));
      if (!head.equals(lastPresent)) {
        return null;
      }
      base = lastImage.copy();
      from = lastPoint + 1;
    }
    applyOps(base, from, state.point(), present, state);
    remember(state, present, base);
    return base;
  }

  private void remember(CrashState state, BitSet present, FsImage image) {
    if (!state.tornRaw().isEmpty()) {
      return;
    }
    FsImage keep = image.copy();
    synchronized (this) {
      lastPoint = state.point();
      lastPresent = present.get(0, graph.unitsUpTo(state.point()));
      lastImage = keep;
    }
  }

  private FsImage build(CrashState state, BitSet present) {
    int n = graph.unitsUpTo(state.point());
    int firstMissing = present.nextClearBit(0);
    long whole = firstMissing >= n ? state.point() : graph.seq(firstMissing) - 1;
    int c = (int) Math.min(whole / stride, Integer.MAX_VALUE);
    FsImage image = checkpoint(c).copy();
    applyOps(image, (long) c * stride + 1, state.point(), present, state);
    return image;
  }

  /** The image with every unit of every op applied (the workload's final tree, by the model). */
  public FsImage all() {
    long k = graph.opCount();
    BitSet present = new BitSet();
    present.set(0, graph.unitCount());
    FsImage image = checkpoint(0).copy();
    applyOps(image, 1, k, present, null);
    return image;
  }

  private synchronized FsImage checkpoint(int c) {
    while (checkpoints.size() <= c) {
      int i = checkpoints.size();
      FsImage next = checkpoints.get(i - 1).copy();
      long from = (long) (i - 1) * stride + 1;
      long to = Math.min((long) i * stride, graph.opCount());
      BitSet all = new BitSet();
      all.set(graph.firstUnitOf(from), graph.unitsUpTo(to));
      applyOps(next, from, to, all, null);
      checkpoints.add(next);
    }
    return checkpoints.get(c);
  }

  private void applyOps(FsImage image, long from, long to, BitSet present, CrashState state) {
    for (long seq = from; seq <= to; seq++) {
      int first = graph.firstUnitOf(seq);
      int count = graph.unitsOf(seq);
      if (count == 0) {
        continue;
      }
      for (int rank = 0; rank <= 2; rank++) {
        for (int u = first; u < first + count; u++) {
          Unit unit = graph.unit(u);
          if (unit.applyRank() != rank) {
            continue;
          }
          if (present.get(u)) {
            unit.effect().apply(image);
          } else if (state != null && state.tornRaw().containsKey(u)) {
            ((Effect.WriteData) unit.effect()).applyBlocks(image, state.tornRaw().get(u));
          }
        }
      }
    }
  }
}
