package dev.blackout.core.model;

import dev.blackout.core.trace.TraceOp;

/**
 * {@code posix}: the weakest behaviour POSIX allows, after ALICE's abstract persistence model. No
 * order beyond the shared edges (same bytes, same entry, same file's size and attributes, an entry
 * after its directory's creation); an appending write's size may persist before its data;
 * fsync forces the file's data, size and attributes, fdatasync its data and size, fsyncdir the
 * directory's entries. A rename is one unit, or ALICE's three parts with {@code --rename split}.
 */
final class PosixRules extends Rules {

  PosixRules(ModelOptions options) {
    super(options);
  }

  @Override
  int defaultTornBytes() {
    return 512;
  }

  @Override
  boolean splitRename(ModelOptions opts) {
    return opts.rename() == ModelOptions.RenameMode.SPLIT;
  }

  @Override
  void onUnit(GraphBuilder b, int unit, TraceOp op) {}

  @Override
  void onBarrier(GraphBuilder b, Barrier barrier, long inode, long startSeq, long seq) {
    switch (barrier) {
      case FSYNC -> b.forceFile(inode, startSeq, seq, UnitKind.DATA, UnitKind.SIZE, UnitKind.ATTR);
      case FDATASYNC -> b.forceFile(inode, startSeq, seq, UnitKind.DATA, UnitKind.SIZE);
      case FSYNCDIR -> b.forceDir(inode, startSeq, seq);
    }
  }
}
