package dev.blackout.core.model;

import dev.blackout.core.trace.TraceOp;

/**
 * {@code prefix}: a process crash with the OS surviving. Every op is durable when it completes, in
 * order, so the only state at crash point k is everything issued by k.
 */
final class PrefixRules extends Rules {

  PrefixRules(ModelOptions options) {
    super(options);
  }

  @Override
  int defaultTornBytes() {
    return 0;
  }

  @Override
  void onUnit(GraphBuilder b, int unit, TraceOp op) {
    b.force(unit, op.seq());
  }

  @Override
  void onBarrier(GraphBuilder b, Barrier barrier, long inode, long startSeq, long seq) {}
}
