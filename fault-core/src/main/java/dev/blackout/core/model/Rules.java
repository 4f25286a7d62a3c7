package dev.blackout.core.model;

import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.TraceOp;

/**
 * What makes one persistence model different from another: its own order edges, what its barriers
 * force, and whether units no barrier forced may persist. One subclass per model; docs/models.md
 * gives every rule with its source.
 */
abstract class Rules {

  enum Barrier {
    FSYNC,
    FDATASYNC,
    FSYNCDIR
  }

  final ModelOptions options;

  Rules(ModelOptions options) {
    this.options = options;
  }

  /** The torn granularity when the options leave it to the model. */
  abstract int defaultTornBytes();

  /** Called once per unit, after the shared edges were added. */
  abstract void onUnit(GraphBuilder b, int unit, TraceOp op);

  /**
   * A barrier op {@code seq} on {@code inode} that began after op {@code startSeq} had completed:
   * force what it makes durable, from {@code seq} on.
   */
  abstract void onBarrier(GraphBuilder b, Barrier barrier, long inode, long startSeq, long seq);

  /** The last close of {@code inode}. */
  void onRelease(GraphBuilder b, long inode, long seq) {}

  boolean pendingMayPersist() {
    return true;
  }

  boolean splitRename(ModelOptions opts) {
    return false;
  }

  /**
   * After a write's units ({@code first} .. {@code end - 1}) were cut: an O_SYNC / O_DSYNC write
   * is durable when it returns (open(2)), as if followed by fsync / fdatasync; an O_DIRECT write
   * is durable when it returns only without a volatile device cache.
   */
  void onWriteDone(GraphBuilder b, TraceOp.Write w, int first, int end) {
    long s = w.seq();
    boolean sync = OpenFlags.has(w.flags(), OpenFlags.O_SYNC);
    boolean dsync = OpenFlags.has(w.flags(), OpenFlags.O_DSYNC);
    if (sync || dsync) {
      for (int u = first; u < end; u++) {
        b.force(u, s);
      }
      onBarrier(b, sync ? Barrier.FSYNC : Barrier.FDATASYNC, w.inode(), w.meta().startSeq(), s);
    } else if (OpenFlags.has(w.flags(), OpenFlags.O_DIRECT)
        && options.deviceCache() == ModelOptions.DeviceCache.NONE) {
      for (int u = first; u < end; u++) {
        if (b.unit(u).kind() == UnitKind.DATA) {
          b.force(u, s);
        }
      }
    }
  }
}
