package dev.blackout.core.model;

import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import java.util.ArrayList;
import java.util.Arrays;
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
  private final Unit[] units;
  private final int[][] preds;
  private final long[] forcedAt;
  private final int[] opFirstUnit;
  private final boolean[] forcesAt;
  private final boolean pendingMayPersist;
  private final int[] ackPrefix;
  private final List<String> markerTexts = new ArrayList<>();
  private int[][] succs;

  UnitGraph(
      String model,
      ModelOptions options,
      Trace trace,
      Unit[] units,
      int[][] preds,
      long[] forcedAt,
      int[] opFirstUnit,
      boolean pendingMayPersist) {
    this.model = model;
    this.options = options;
    this.trace = trace;
    this.units = units;
    this.preds = preds;
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
    for (long f : forcedAt) {
      if (f != Long.MAX_VALUE) {
        forcesAt[(int) f] = true;
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
    return units.length;
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
    return units[unit].seq();
  }

  public int idx(int unit) {
    return units[unit].idx();
  }

  /** The printable id of a unit: {@code seq.idx}. */
  public String unitId(int unit) {
    return units[unit].id();
  }

  /** The unit in words, naming its op and the paths the workload saw. */
  public String describe(int unit) {
    return units[unit].text();
  }

  /**
   * The unit's op and file without sequence numbers, byte ranges or sizes (e.g. {@code write to
   * 'db.tmp'} for both the data and the size of a write): failures that differ only there are one
   * cause.
   */
  public String signature(int unit) {
    String text = units[firstUnitOf(units[unit].seq())].text();
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
    return units[unit].syncTarget();
  }

  /** Whether the unit is a directory entry change (fsyncing its directory makes it durable). */
  public boolean isEntry(int unit) {
    return units[unit].kind() == UnitKind.ENTRY;
  }

  /** The op of the unit in words, e.g. {@code rename #17 'a.tmp'→'a'} (no unit detail). */
  public String opText(int unit) {
    return units[firstUnitOf(units[unit].seq())].text().replaceAll(" part \\d/3:.*", "");
  }

  public long inode(int unit) {
    return units[unit].inode();
  }

  /** Whether the unit holds a write's bytes (the only units that may be torn). */
  public boolean isData(int unit) {
    return units[unit].kind() == UnitKind.DATA && units[unit].effect() instanceof Effect.WriteData;
  }

  /** Number of blocks a data unit tears into (1 for every other unit). */
  public int blockCount(int unit) {
    return units[unit].blockCount();
  }

  /** The byte range {@code [start, end)} of block {@code block} of data unit {@code unit}. */
  public long[] blockRange(int unit, int block) {
    Effect.WriteData w = (Effect.WriteData) units[unit].effect();
    return new long[] {w.blockStart(block), w.blockEnd(block)};
  }

  public long forcedAt(int unit) {
    return forcedAt[unit];
  }

  /** The units that must be durable before {@code unit} (direct edges; sorted). */
  public int[] preds(int unit) {
    return preds[unit];
  }

  /** The units that need {@code unit} durable first (direct edges; sorted). */
  public synchronized int[] succs(int unit) {
    if (succs == null) {
      int[] counts = new int[units.length];
      for (int[] ps : preds) {
        for (int p : ps) {
          counts[p]++;
        }
      }
      int[][] s = new int[units.length][];
      for (int i = 0; i < s.length; i++) {
        s[i] = new int[counts[i]];
      }
      int[] fill = new int[units.length];
      for (int v = 0; v < preds.length; v++) {
        for (int p : preds[v]) {
          s[p][fill[p]++] = v;
        }
      }
      succs = s;
    }
    return succs[unit];
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
    return units[u];
  }

  @Override
  public String toString() {
    return model + " " + units.length + " units over " + opCount() + " ops, preds " + Arrays.stream(preds).mapToInt(p -> p.length).sum();
  }
}
