package dev.blackout.core.model;

import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The units of a trace, kept compactly (a few dozen bytes a unit): for each unit its op, its role
 * in that op ({@link UnitRole}), the inode it changes and what that inode is created as; for each
 * op the paths its units name and the size its file had before it. Effects and words are made
 * again from the op, read back from the trace, when asked for. Filled by {@link GraphBuilder} one
 * unit at a time, then read from any thread.
 */
final class Units {
  private final Trace trace;
  private final int granularity;
  private final int[] opFirstUnit;
  private int count;
  private int[] seq = new int[64];
  private byte[] role = new byte[64];
  private long[] inode = new long[64];
  private InodeInfo[] info = new InodeInfo[64];
  /** What the replaced file of a whole rename is created as, by unit. */
  private final Map<Integer, InodeInfo> replacedInfo = new HashMap<>();
  /** By op: the paths its units name, and its file's size before it. */
  private final UnitRole.Words[] words;
  private final long[] sizeBefore;
  /** The op being cut (the builder asks for its units' effects before the trace is done). */
  private TraceOp current;

  Units(Trace trace, int granularity, int[] opFirstUnit) {
    this.trace = trace;
    this.granularity = granularity;
    this.opFirstUnit = opFirstUnit;
    this.words = new UnitRole.Words[trace.ops().size() + 1];
    this.sizeBefore = new long[trace.ops().size() + 1];
  }

  /** Starts cutting {@code op}: its units are added next. */
  void begin(TraceOp op) {
    current = op;
  }

  /** Adds a unit of the op being cut; returns its number. */
  int add(UnitRole r, long ino, InodeInfo inf, InodeInfo replaced, UnitRole.Words w, long before) {
    int u = count;
    if (u == seq.length) {
      int n = u * 2;
      seq = Arrays.copyOf(seq, n);
      role = Arrays.copyOf(role, n);
      inode = Arrays.copyOf(inode, n);
      info = Arrays.copyOf(info, n);
    }
    int s = Math.toIntExact(current.seq());
    seq[u] = s;
    role[u] = (byte) r.ordinal();
    inode[u] = ino;
    info[u] = inf;
    if (replaced != null) {
      replacedInfo.put(u, replaced);
    }
    words[s] = w;
    sizeBefore[s] = before;
    count++;
    return u;
  }

  /** The trace is cut: trims the arrays to their use. */
  void finish() {
    current = null;
    seq = Arrays.copyOf(seq, count);
    role = Arrays.copyOf(role, count);
    inode = Arrays.copyOf(inode, count);
    info = Arrays.copyOf(info, count);
  }

  int count() {
    return count;
  }

  long seq(int u) {
    return seq[u];
  }

  UnitRole role(int u) {
    return UnitRole.VALUES[role[u]];
  }

  long inode(int u) {
    return inode[u];
  }

  InodeInfo info(int u) {
    return info[u];
  }

  int firstUnitOf(long s) {
    return opFirstUnit[(int) s];
  }

  UnitRole.Words words(int u) {
    return words[seq[u]];
  }

  private TraceOp op(int u) {
    TraceOp c = current;
    return c != null && c.seq() == seq[u] ? c : trace.op(seq[u]);
  }

  Effect effect(int u) {
    return role(u).effect(op(u), inode[u], info[u], replacedInfo.get(u), granularity);
  }

  String text(int u) {
    return role(u).text(op(u), words[seq[u]], sizeBefore[seq[u]]);
  }
}
