package dev.blackout.core.model;

import dev.blackout.core.image.FsImage;
import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.TraceOp;
import java.util.BitSet;
import java.util.OptionalLong;

/**
 * What applying one unit does to an image, through {@link FsImage}'s primitives. Effects tolerate
 * the partial images crash states are: an inode whose creation did not persist is created
 * unreachable (its data is then invisible, as on a real disk), a removal of an entry that is not
 * there does nothing.
 *
 * <p>Times: an effect sets the mtime its op gave (the kernel's value the trace holds, else the op's
 * completion time; 0 = none): a created inode's own, a directory's when its entries change, a
 * file's when its data or size changes. Times are not part of a state's content hash.
 */
sealed interface Effect {

  void apply(FsImage image);

  static void ensure(FsImage image, long inode, InodeInfo info) {
    if (!image.exists(inode)) {
      image.createInode(inode, info.type(), info.mode(), info.linkTarget(), info.rdev());
      image.setOwner(inode, info.uid(), info.gid());
      if (info.mtimeNanos() > 0) {
        image.setTimes(inode, info.mtimeNanos(), info.mtimeNanos());
      }
    }
  }

  /** Sets the mtime of {@code inode} to {@code time} (when positive), and an unset atime too. */
  static void stamp(FsImage image, long inode, long time) {
    if (time > 0 && image.exists(inode)) {
      image.setTimes(inode, image.atimeNanos(inode) == 0 ? time : -1, time);
    }
  }

  static void ensureDir(FsImage image, long dir) {
    if (!image.exists(dir)) {
      image.createInode(dir, FileType.DIRECTORY, 0755, null, 0);
    }
  }

  /**
   * Adds entry {@code parent/name} naming {@code inode} (replacing what was there); the directory
   * gets mtime {@code dirTime}.
   */
  record Link(long parent, String name, long inode, InodeInfo info, long dirTime)
      implements Effect {
    @Override
    public void apply(FsImage image) {
      ensureDir(image, parent);
      ensure(image, inode, info);
      OptionalLong there = image.lookup(parent, name);
      if (there.isPresent() && there.getAsLong() == inode) {
        return;
      }
      image.link(parent, name, inode);
      stamp(image, parent, dirTime);
    }
  }

  /** Removes entry {@code parent/name} if it is there; the directory gets mtime {@code dirTime}. */
  record Unlink(long parent, String name, long dirTime) implements Effect {
    @Override
    public void apply(FsImage image) {
      if (image.exists(parent) && image.lookup(parent, name).isPresent()) {
        image.unlink(parent, name);
        stamp(image, parent, dirTime);
      }
    }
  }

  /** A whole rename as one unit (or an exchange of two entries). */
  record Rename(
      long srcParent,
      String srcName,
      long dstParent,
      String dstName,
      long inode,
      InodeInfo info,
      long replaced,
      InodeInfo replacedInfo,
      boolean exchange,
      long srcDirTime,
      long dstDirTime)
      implements Effect {
    @Override
    public void apply(FsImage image) {
      if (srcParent == dstParent && srcName.equals(dstName)) {
        return;
      }
      if (replaced == inode) {
        return; // rename or exchange between two links of one file does nothing (rename(2))
      }
      new Link(dstParent, dstName, inode, info, dstDirTime).apply(image);
      if (exchange && replaced != 0) {
        new Link(srcParent, srcName, replaced, replacedInfo, srcDirTime).apply(image);
      } else {
        OptionalLong there = image.exists(srcParent) ? image.lookup(srcParent, srcName) : OptionalLong.empty();
        if (there.isPresent() && there.getAsLong() == inode) {
          image.unlink(srcParent, srcName);
          stamp(image, srcParent, srcDirTime);
        }
      }
    }
  }

  /**
   * A write's bytes, cut into blocks at the torn granularity (block boundaries are multiples of
   * {@code granularity} in the file; 0 = one block). Bytes past the durable size are dropped.
   */
  record WriteData(
      long inode, InodeInfo info, long offset, Payload data, int granularity, long time)
      implements Effect {

    int blockCount() {
      long len = data.length();
      if (granularity <= 0 || len == 0) {
        return 1;
      }
      long first = offset / granularity;
      long last = (offset + len - 1) / granularity;
      return Math.toIntExact(last - first + 1);
    }

    long blockStart(int i) {
      if (granularity <= 0) {
        return offset;
      }
      return Math.max(offset, (offset / granularity + i) * granularity);
    }

    long blockEnd(int i) {
      long end = offset + data.length();
      if (granularity <= 0) {
        return end;
      }
      return Math.min(end, (offset / granularity + i + 1) * granularity);
    }

    @Override
    public void apply(FsImage image) {
      ensure(image, inode, info);
      image.write(inode, offset, data, 0, data.length(), false);
      stamp(image, inode, time);
    }

    /** Applies only the blocks in {@code blocks} (a torn write). */
    void applyBlocks(FsImage image, BitSet blocks) {
      ensure(image, inode, info);
      for (int i = blocks.nextSetBit(0); i >= 0; i = blocks.nextSetBit(i + 1)) {
        long s = blockStart(i);
        long e = blockEnd(i);
        image.write(inode, s, data, s - offset, e - s, false);
      }
      if (!blocks.isEmpty()) {
        stamp(image, inode, time);
      }
    }
  }

  /** Sets a file's size (and its mtime to {@code time}). */
  record SetSize(long inode, InodeInfo info, long size, long time) implements Effect {
    @Override
    public void apply(FsImage image) {
      ensure(image, inode, info);
      image.setSize(inode, size);
      stamp(image, inode, time);
    }
  }

  /** Zeroes a range within the size (fallocate PUNCH_HOLE / ZERO_RANGE). */
  record Zero(long inode, InodeInfo info, long offset, long length, long time) implements Effect {
    @Override
    public void apply(FsImage image) {
      ensure(image, inode, info);
      image.zero(inode, offset, length);
      stamp(image, inode, time);
    }
  }

  /** Sets a file's mtime (an op that changed nothing else the kernel keeps). */
  record Stamp(long inode, InodeInfo info, long time) implements Effect {
    @Override
    public void apply(FsImage image) {
      ensure(image, inode, info);
      stamp(image, inode, time);
    }
  }

  /** An attribute change: chmod, chown, utimens, setxattr, removexattr. */
  record Attr(TraceOp op, long inode, InodeInfo info) implements Effect {
    @Override
    public void apply(FsImage image) {
      ensure(image, inode, info);
      if (op instanceof TraceOp.Chmod c) {
        image.setMode(inode, c.mode() & 07777);
      } else if (op instanceof TraceOp.Chown c) {
        image.setOwner(inode, c.uid(), c.gid());
        if (c.mode() != -1) {
          image.setMode(inode, c.mode() & 07777);
        }
      } else if (op instanceof TraceOp.SetTimes t) {
        image.setTimes(inode, t.atimeNanos(), t.mtimeNanos());
      } else if (op instanceof TraceOp.SetXattr x) {
        image.setXattr(inode, x.name(), x.value());
      } else if (op instanceof TraceOp.RemoveXattr x) {
        image.removeXattr(inode, x.name());
      } else {
        throw new IllegalStateException("not an attribute op: " + op);
      }
    }
  }
}
