package dev.blackout.core.model;

import dev.blackout.core.trace.TraceOp;

/**
 * {@code drop-unsynced}: LazyFS's clear-cache. Namespace and attribute changes (and the truncation
 * an O_TRUNC open does in the backing file) are durable at once; file contents, the size growth of
 * writes and explicit truncates live in the cache and are durable only once fsync/fdatasync (or an
 * O_SYNC write) pushed them. A crash drops everything else: one state per crash point.
 */
final class DropUnsyncedRules extends Rules {

  DropUnsyncedRules(ModelOptions options) {
    super(options);
  }

  @Override
  int defaultTornBytes() {
    return 0;
  }

  @Override
  boolean pendingMayPersist() {
    return false;
  }

  @Override
  void onUnit(GraphBuilder b, int unit, TraceOp op) {
    Unit u = b.unit(unit);
    if (u.kind() == UnitKind.ENTRY || u.kind() == UnitKind.ATTR || u.openTrunc()) {
      b.force(unit, op.seq());
    }
  }

  @Override
  void onBarrier(GraphBuilder b, Barrier barrier, long inode, long startSeq, long seq) {
    if (barrier != Barrier.FSYNCDIR) {
      b.forceFile(inode, startSeq, seq, UnitKind.DATA, UnitKind.SIZE);
    }
  }
}
