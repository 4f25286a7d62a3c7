package dev.blackout.core.model;

import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;

/**
 * A trace cut into persistence units with the model's partial order and the barriers' effect: the
 * input of crash-state exploration.
 *
 * <p>Units are numbered 0, 1, ... in trace order (all units of op 1, then of op 2, ...), and every
 * order edge points from a smaller number to a larger one, so any prefix of the numbering is an
 * ideal. {@link #forcedAt(int)} is the seq of the first op at whose completion the unit is
 * certainly durable ({@link Long#MAX_VALUE} if never): the units forced at crash point {@code k}
 * are those with {@code forcedAt <= k}, and that set is closed downwards.
 *
 * <p>A crash state at point {@code k} (design.md section 3) contains every forced unit, is closed
 * downwards, and contains only units of ops {@code <= k}. Under a model whose pending units may
 * persist ({@link #pendingMayPersist()}) any such set is a state; under {@code drop-unsynced} the
 * only state is the forced set.
 */
public final class UnitGraph {

  private final String model;
  private final ModelOptions options;
  private final Trace trace;
  private final Units units;
  /** Order edges: unit u's preds are predData[predStart[u] .. predStart[u + 1]) (sorted). */
  private final int[] predStart;
  private final int[] predData;
  /** The seq from which each unit is durable, {@link Integer#MAX_VALUE} if never. */
  private final int[] forcedAt;
  private final int[] opFirstUnit;
  private final boolean[] forcesAt;
  private final boolean pendingMayPersist;
  private final int[] ackPrefix;
  private final List<String> markerTexts = new ArrayList<>();
  private int[] succStart;
  private int[] succData;
  /** The units some barrier forces, by the op that forces them (ascending), and those ops. */
  private int[] byForced;
  private int[] forcedOps;

  UnitGraph(
      String model,
      ModelOptions options,
      Trace trace,
      Units units,
      int[] predStart,
      int[] predData,
      int[] forcedAt,
      int[] opFirstUnit,
      boolean pendingMayPersist) {
    this.model = model;
    this.options = options;
    this.trace = trace;
    this.units = units;
    this.predStart = predStart;
    this.predData = predData;
    this.forcedAt = forcedAt;
    this.opFirstUnit = opFirstUnit;
    this.pendingMayPersist = pendingMayPersist;
    this.ackPrefix = new int[trace.ops().size() + 1];
    for (TraceOp op : trace.ops()) {
      if (op instanceof TraceOp.Marker m && !m.failed()) {
        markerTexts.add(m.text());
      }
      ackPrefix[(int) op.seq()] = markerTexts.size();
    }
    this.forcesAt = new boolean[trace.ops().size() + 2];
    for (int f : forcedAt) {
      if (f != Integer.MAX_VALUE) {
        forcesAt[f] = true;
      }
    }
  }

  public String model() {
    return model;
  }

  public ModelOptions options() {
    return options;
  }

  public Trace trace() {
    return trace;
  }

  /** Number of ops in the trace (the last crash point). */
  public int opCount() {
    return trace.ops().size();
  }

  public int unitCount() {
    return units.count();
  }

  /** Number of units of the ops with seq {@code <= k}: they are units {@code 0 .. result-1}. */
  public int unitsUpTo(long k) {
    return opFirstUnit[(int) Math.min(k, opCount()) + 1];
  }

  /** Whether units that no barrier forced may persist (false only for drop-unsynced). */
  public boolean pendingMayPersist() {
    return pendingMayPersist;
  }

  /** Whether the completion of op {@code seq} makes some unit durable (a barrier in effect). */
  public boolean forcesAt(long seq) {
    return seq >= 1 && seq <= opCount() && forcesAt[(int) seq];
  }

  public long seq(int unit) {
    return units.seq(unit);
  }

  public int idx(int unit) {
    return unit - opFirstUnit[(int) units.seq(unit)];
  }

  /** The printable id of a unit: {@code seq.idx}. */
  public String unitId(int unit) {
    return unit(unit).id();
  }

  /** The unit in words, naming its op and the paths the workload saw. */
  public String describe(int unit) {
    return units.text(unit);
  }

  /**
   * The unit's op and file without sequence numbers, byte ranges or sizes (e.g. {@code write to
   * 'db.tmp'} for both the data and the size of a write): failures that differ only there are one
   * cause.
   */
  public String signature(int unit) {
    String text = units.text(firstUnitOf(units.seq(unit)));
    return text.replaceAll("#\\d+ ?", "")
        .replaceAll(" part \\d/3:.*", "")
        .replaceAll(" \\[\\d+, \\d+\\)", "")
        .replaceAll(" \\(size \\d+ -> \\d+\\)", "")
        .replaceAll(" (size )?\\d+ -> \\d+", "")
        .trim();
  }

  /**
   * What an fsync must name to make the unit durable, in words: the file ({@code 'db/LOG'}) or,
   * for a directory entry, its directory ({@code the directory 'db'}; {@code '.'} is the top).
   */
  public String syncTarget(int unit) {
    return units.words(unit).syncTarget();
  }

  /** Whether the unit is a directory entry change (fsyncing its directory makes it durable). */
  public boolean isEntry(int unit) {
    return units.role(unit).kind == UnitKind.ENTRY;
  }

  /** The op of the unit in words, e.g. {@code rename #17 'a.tmp'→'a'} (no unit detail). */
  public String opText(int unit) {
    return units.text(firstUnitOf(units.seq(unit))).replaceAll(" part \\d/3:.*", "");
  }

  public long inode(int unit) {
    return units.inode(unit);
  }

  /** Whether the unit holds a write's bytes (the only units that may be torn). */
  public boolean isData(int unit) {
    return units.role(unit) == UnitRole.WRITE_DATA;
  }

  /** Number of blocks a data unit tears into (1 for every other unit). */
  public int blockCount(int unit) {
    return unit(unit).blockCount();
  }

  /** The byte range {@code [start, end)} of block {@code block} of data unit {@code unit}. */
  public long[] blockRange(int unit, int block) {
    Effect.WriteData w = (Effect.WriteData) units.effect(unit);
    return new long[] {w.blockStart(block), w.blockEnd(block)};
  }

  public long forcedAt(int unit) {
    int f = forcedAt[unit];
    return f == Integer.MAX_VALUE ? Long.MAX_VALUE : f;
  }

  private static final int[] NONE = new int[0];

  /** The units that must be durable before {@code unit} (direct edges; sorted). */
  public int[] preds(int unit) {
    int from = predStart[unit];
    int to = predStart[unit + 1];
    return from == to ? NONE : Arrays.copyOfRange(predData, from, to);
  }

  /** The units that need {@code unit} durable first (direct edges; sorted). */
  public int[] succs(int unit) {
    int[] start;
    int[] data;
    synchronized (this) {
      if (succStart == null) {
        int n = unitCount();
        int[] counts = new int[n + 1];
        for (int i = 0; i < predData.length; i++) {
          counts[predData[i] + 1]++;
        }
        for (int i = 0; i < n; i++) {
          counts[i + 1] += counts[i];
        }
        int[] fill = Arrays.copyOf(counts, n);
        int[] d = new int[predData.length];
        for (int v = 0; v < n; v++) {
          for (int i = predStart[v]; i < predStart[v + 1]; i++) {
            d[fill[predData[i]]++] = v;
          }
        }
        succData = d;
        succStart = counts;
      }
      start = succStart;
      data = succData;
    }
    int from = start[unit];
    int to = start[unit + 1];
    return from == to ? NONE : Arrays.copyOfRange(data, from, to);
  }

  /**
   * Adds to {@code forced} the units forced at crash point {@code k} but not at {@code from}
   * ({@code from < k}; -1 for none): from the forced set at one point, the one at a later point
   * costs what was forced in between.
   */
  public void addForced(BitSet forced, long from, long k) {
    int[] units;
    int[] ops;
    synchronized (this) {
      if (byForced == null) {
        int n = unitCount();
        int count = 0;
        for (int u = 0; u < n; u++) {
          if (forcedAt[u] != Integer.MAX_VALUE) {
            count++;
          }
        }
        Integer[] order = new Integer[count];
        int i = 0;
        for (int u = 0; u < n; u++) {
          if (forcedAt[u] != Integer.MAX_VALUE) {
            order[i++] = u;
          }
        }
        Arrays.sort(order, (a, b) -> forcedAt[a] != forcedAt[b] ? Integer.compare(forcedAt[a], forcedAt[b]) : Integer.compare(a, b));
        int[] by = new int[count];
        int[] at = new int[count];
        for (int j = 0; j < count; j++) {
          by[j] = order[j];
          at[j] = forcedAt[order[j]];
        }
        byForced = by;
        forcedOps = at;
      }
      units = byForced;
      ops = forcedOps;
    }
    int lo = from < 0 ? 0 : upperBound(ops, from);
    int hi = upperBound(ops, k);
    for (int i = lo; i < hi; i++) {
      forced.set(units[i]);
    }
  }

  private long lastForcedPoint = -1;
  private BitSet lastForced;

  /**
   * A fresh set of the units forced at crash point {@code k}, from the last one asked for when it
   * is before {@code k} (states visited in order cost what was forced in between).
   */
  public BitSet forcedSet(long k) {
    BitSet base;
    long from;
    synchronized (this) {
      base = lastForced != null && lastForcedPoint <= k ? (BitSet) lastForced.clone() : null;
      from = base == null ? -1 : lastForcedPoint;
    }
    BitSet out = base != null ? base : new BitSet(unitsUpTo(k));
    if (from < k) {
      addForced(out, from, k);
    }
    synchronized (this) {
      lastForcedPoint = k;
      lastForced = (BitSet) out.clone();
    }
    return out;
  }

  /** The first index whose value exceeds {@code v}. */
  private static int upperBound(int[] a, long v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The unit {@code seq.idx}, or -1 if the trace has none. */
  public int unitOf(long seq, int idx) {
    if (seq < 1 || seq > opCount() || idx < 0) {
      return -1;
    }
    int u = opFirstUnit[(int) seq] + idx;
    return u < opFirstUnit[(int) seq + 1] ? u : -1;
  }

  /** Number of units op {@code seq} has. */
  public int unitsOf(long seq) {
    return opFirstUnit[(int) seq + 1] - opFirstUnit[(int) seq];
  }

  /** The first unit of op {@code seq}. */
  public int firstUnitOf(long seq) {
    return opFirstUnit[(int) seq];
  }

  /** The markers issued by crash point {@code k}, in order: what the application acknowledged. */
  public List<String> ackedAt(long k) {
    return Collections.unmodifiableList(markerTexts.subList(0, ackCountAt(k)));
  }

  /** The number of markers issued by crash point {@code k}. */
  public int ackCountAt(long k) {
    return ackPrefix[(int) Math.max(0, Math.min(k, opCount()))];
  }

  Unit unit(int u) {
    return new Unit(units, u);
  }

  UnitRole role(int u) {
    return units.role(u);
  }

  /** What the unit's inode is created as. */
  InodeInfo info(int u) {
    return units.info(u);
  }

  /** What applying the unit does (made again from its op). */
  Effect effect(int u) {
    return units.effect(u);
  }

  @Override
  public String toString() {
    return model + " " + unitCount() + " units over " + opCount() + " ops, preds " + predData.length;
  }
}
