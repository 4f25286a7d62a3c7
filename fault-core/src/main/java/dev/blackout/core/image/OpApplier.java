package dev.blackout.core.image;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.TraceOp;
import dev.blackout.core.trace.TraceOp.Chmod;
import dev.blackout.core.trace.TraceOp.Chown;
import dev.blackout.core.trace.TraceOp.Create;
import dev.blackout.core.trace.TraceOp.Creation;
import dev.blackout.core.trace.TraceOp.Fallocate;
import dev.blackout.core.trace.TraceOp.Fdatasync;
import dev.blackout.core.trace.TraceOp.Flush;
import dev.blackout.core.trace.TraceOp.Fsync;
import dev.blackout.core.trace.TraceOp.Fsyncdir;
import dev.blackout.core.trace.TraceOp.Link;
import dev.blackout.core.trace.TraceOp.Marker;
import dev.blackout.core.trace.TraceOp.Mkdir;
import dev.blackout.core.trace.TraceOp.Mknod;
import dev.blackout.core.trace.TraceOp.Open;
import dev.blackout.core.trace.TraceOp.Release;
import dev.blackout.core.trace.TraceOp.RemoveXattr;
import dev.blackout.core.trace.TraceOp.Rename;
import dev.blackout.core.trace.TraceOp.Rmdir;
import dev.blackout.core.trace.TraceOp.SetTimes;
import dev.blackout.core.trace.TraceOp.SetXattr;
import dev.blackout.core.trace.TraceOp.Symlink;
import dev.blackout.core.trace.TraceOp.Truncate;
import dev.blackout.core.trace.TraceOp.Unlink;
import dev.blackout.core.trace.TraceOp.Write;

/**
 * Applies one successful op to an image with the semantics of its record's Javadoc. Every op is
 * checked in full before anything changes, so a refused op leaves the image as it was.
 */
final class OpApplier {
  private OpApplier() {}

  static void apply(FsImage img, TraceOp op) {
    long time = op.meta().timeNanos();
    if (op instanceof Creation c) {
      create(img, c, time);
    } else if (op instanceof Link l) {
      Node n = img.node(l.inode());
      if (n.type == FileType.DIRECTORY) {
        throw new ImageException("cannot hard-link directory " + l.inode());
      }
      freeName(img, l.parent(), l.name());
      img.link(l.parent(), l.name(), l.inode());
      stamp(img, l.parent(), l.dirMtimeNanos(), time);
    } else if (op instanceof Unlink u) {
      Node n = img.node(existing(img, u.parent(), u.name(), u.inode()));
      if (n.type == FileType.DIRECTORY) {
        throw new ImageException("'" + u.name() + "' is a directory (use rmdir)");
      }
      img.unlink(u.parent(), u.name());
      img.collect(u.inode());
      stamp(img, u.parent(), u.dirMtimeNanos(), time);
    } else if (op instanceof Rmdir r) {
      Node n = img.node(existing(img, r.parent(), r.name(), r.inode()));
      FsImage.requireDir(r.inode(), n);
      if (!n.entries.isEmpty()) {
        throw new ImageException(
            "directory '" + r.name() + "' is not empty (" + n.entries.size() + " entries)");
      }
      img.unlink(r.parent(), r.name());
      img.collect(r.inode());
      stamp(img, r.parent(), r.dirMtimeNanos(), time);
    } else if (op instanceof Rename r) {
      if (rename(img, r)) {
        stamp(img, r.srcParent(), r.srcDirMtimeNanos(), time);
        stamp(img, r.dstParent(), r.dstDirMtimeNanos(), time);
      }
    } else if (op instanceof Open o) {
      Node n = img.node(o.inode());
      if (OpenFlags.has(o.flags(), OpenFlags.O_TRUNC) && n.type == FileType.REGULAR) {
        img.setSize(o.inode(), 0);
        stamp(img, o.inode(), o.mtimeNanos(), time);
      }
      img.openHandle(o.handle(), o.inode());
    } else if (op instanceof Write w) {
      img.write(w.inode(), w.offset(), w.data(), 0, w.data().length(), true);
      stamp(img, w.inode(), w.mtimeNanos(), time);
    } else if (op instanceof Truncate t) {
      img.setSize(t.inode(), t.size());
      stamp(img, t.inode(), t.mtimeNanos(), time);
    } else if (op instanceof Fallocate f) {
      fallocate(img, f);
    } else if (op instanceof Chmod c) {
      img.setMode(c.inode(), c.mode());
    } else if (op instanceof Chown c) {
      img.setOwner(c.inode(), c.uid(), c.gid());
      if (c.mode() != -1) {
        img.setMode(c.inode(), c.mode());
      }
    } else if (op instanceof SetTimes t) {
      img.setTimes(t.inode(), t.atimeNanos(), t.mtimeNanos());
    } else if (op instanceof SetXattr x) {
      img.setXattr(x.inode(), x.name(), x.value());
    } else if (op instanceof RemoveXattr x) {
      img.removeXattr(x.inode(), x.name());
    } else if (op instanceof Release r) {
      img.node(r.inode());
      Long held = img.handles.get(r.handle());
      if (held != null && held != r.inode()) {
        throw new ImageException(
            "handle " + r.handle() + " holds inode " + held + ", not " + r.inode());
      }
      img.closeHandle(r.handle());
      img.collect(r.inode());
    } else if (op instanceof Flush f) {
      img.node(f.inode());
    } else if (op instanceof Fsync f) {
      img.node(f.inode());
    } else if (op instanceof Fdatasync f) {
      img.node(f.inode());
    } else if (op instanceof Fsyncdir f) {
      FsImage.requireDir(f.inode(), img.node(f.inode()));
    } else if (op instanceof Marker) {
      // an annotation: changes nothing
    } else {
      throw new ImageException("unknown op kind " + op.getClass().getName());
    }
  }

  /**
   * Creates the inode of a Create, Mkdir, Mknod or Symlink with what the kernel made (mode, owner,
   * mtime) and links it; stamps the directory.
   */
  private static void create(FsImage img, Creation c, long time) {
    FileType type;
    long rdev = 0;
    String target = null;
    if (c instanceof Mkdir) {
      type = FileType.DIRECTORY;
    } else if (c instanceof Mknod m) {
      type = (m.mode() & 0170000) == 0 ? FileType.REGULAR : FileType.fromMode(m.mode());
      if (type == FileType.DIRECTORY || type == FileType.SYMLINK) {
        throw new ImageException("mknod cannot make a " + type);
      }
      rdev = m.rdev();
    } else if (c instanceof Symlink s) {
      FsImage.checkLinkTarget(s.target());
      type = FileType.SYMLINK;
      target = s.target();
    } else {
      type = FileType.REGULAR;
    }
    newEntry(img, c.parent(), c.name(), c.inode());
    img.createInode(c.inode(), type, c.mode(), target, rdev);
    img.setOwner(c.inode(), c.uid(), c.gid());
    stamp(img, c.inode(), c.mtimeNanos(), time);
    img.link(c.parent(), c.name(), c.inode());
    stamp(img, c.parent(), c.dirMtimeNanos(), time);
    if (c instanceof Create cr) {
      img.openHandle(cr.handle(), cr.inode());
    }
  }

  /** Checks that {@code name} is free in directory {@code parent} and {@code inode} is unused. */
  private static void newEntry(FsImage img, long parent, String name, long inode) {
    freeName(img, parent, name);
    Node old = img.nodes.get(inode);
    if (old != null && (old.nlink > 0 || img.isOpen(inode) || inode == parent)) {
      throw new ImageException("inode " + inode + " already exists");
    }
  }

  private static void freeName(FsImage img, long parent, String name) {
    Names.check(name);
    Node dir = img.node(parent);
    FsImage.requireDir(parent, dir);
    Long there = dir.entries.get(name);
    if (there != null) {
      throw new ImageException("'" + name + "' already exists in " + parent + " (inode " + there + ")");
    }
  }

  /** Checks that {@code name} in {@code parent} names {@code inode}; returns it. */
  private static long existing(FsImage img, long parent, String name, long inode) {
    Names.check(name);
    Node dir = img.node(parent);
    FsImage.requireDir(parent, dir);
    Long there = dir.entries.get(name);
    if (there == null) {
      throw new ImageException("no entry '" + name + "' in " + parent);
    }
    if (there != inode) {
      throw new ImageException(
          "'" + name + "' in " + parent + " names inode " + there + ", not " + inode);
    }
    img.node(inode);
    return inode;
  }

  /**
   * Sets the mtime of {@code inode} the op gave it: {@code known} when the trace says (the kernel's
   * value), else the op's completion {@code time} (when there is one); a file without an atime
   * gets the same.
   */
  static void stamp(FsImage img, long inode, long known, long time) {
    long t = known != TraceOp.UNKNOWN ? known : time;
    if (t > 0) {
      img.setTimes(inode, img.node(inode).atimeNanos == 0 ? t : -1, t);
    }
  }

  /** Applies a rename; returns whether it changed anything. */
  private static boolean rename(FsImage img, Rename r) {
    int flags = r.flags();
    if ((flags & Rename.RENAME_WHITEOUT) != 0) {
      throw new ImageException(
          "RENAME_WHITEOUT leaves a whiteout no op created (the recorder refuses the flag)");
    }
    if ((flags & ~(Rename.RENAME_NOREPLACE | Rename.RENAME_EXCHANGE)) != 0
        || flags == (Rename.RENAME_NOREPLACE | Rename.RENAME_EXCHANGE)) {
      throw new ImageException("unsupported rename flags " + flags);
    }
    long src = existing(img, r.srcParent(), r.srcName(), r.inode());
    Names.check(r.dstName());
    Node dstDir = img.node(r.dstParent());
    FsImage.requireDir(r.dstParent(), dstDir);
    Long dst = dstDir.entries.get(r.dstName());
    boolean same = r.srcParent() == r.dstParent() && r.srcName().equals(r.dstName());
    Node srcNode = img.node(src);
    if ((flags & Rename.RENAME_EXCHANGE) != 0) {
      if (dst == null || dst != r.replaced()) {
        throw new ImageException(
            "RENAME_EXCHANGE: '" + r.dstName() + "' names " + dst + ", not " + r.replaced());
      }
      if (same || dst == src) {
        return false; // exchanging a name with itself or with another link of the same file
      }
      Node dstNode = img.node(dst);
      if (srcNode.type == FileType.DIRECTORY && img.isWithin(r.dstParent(), src)
          || dstNode.type == FileType.DIRECTORY && img.isWithin(r.srcParent(), dst)) {
        throw new ImageException("exchanging would move a directory into itself");
      }
      img.mutable(r.srcParent()).entries.put(r.srcName(), dst);
      img.mutable(r.dstParent()).entries.put(r.dstName(), src);
      if (r.srcParent() != r.dstParent()) {
        img.moveParent(src, r.srcParent(), r.dstParent());
        img.moveParent(dst, r.dstParent(), r.srcParent());
      }
      return true;
    }
    if (dst == null) {
      if (r.replaced() != 0) {
        throw new ImageException(
            "'" + r.dstName() + "' names nothing, but the op says it replaced " + r.replaced());
      }
    } else {
      if ((flags & Rename.RENAME_NOREPLACE) != 0) {
        throw new ImageException("RENAME_NOREPLACE over existing '" + r.dstName() + "'");
      }
      if (dst != r.replaced()) {
        throw new ImageException(
            "'" + r.dstName() + "' names inode " + dst + ", not the replaced " + r.replaced());
      }
    }
    if (same || (dst != null && dst == src)) {
      return false; // rename onto itself or onto another link of the same inode: nothing happens
    }
    if (dst != null) {
      Node dstNode = img.node(dst);
      boolean srcIsDir = srcNode.type == FileType.DIRECTORY;
      boolean dstIsDir = dstNode.type == FileType.DIRECTORY;
      if (srcIsDir != dstIsDir) {
        throw new ImageException(
            "cannot rename a " + srcNode.type + " over a " + dstNode.type + " ('" + r.dstName() + "')");
      }
      if (dstIsDir && !dstNode.entries.isEmpty()) {
        throw new ImageException("cannot rename over non-empty directory '" + r.dstName() + "'");
      }
    }
    if (srcNode.type == FileType.DIRECTORY && img.isWithin(r.dstParent(), src)) {
      throw new ImageException("cannot move directory " + src + " into itself");
    }
    img.unlink(r.srcParent(), r.srcName());
    img.link(r.dstParent(), r.dstName(), src);
    if (dst != null) {
      img.collect(dst);
    }
    return true;
  }

  private static void fallocate(FsImage img, Fallocate f) {
    int mode = f.mode();
    int known = Fallocate.KEEP_SIZE | Fallocate.PUNCH_HOLE | Fallocate.ZERO_RANGE;
    if ((mode & ~known) != 0) {
      throw new ImageException("unsupported fallocate mode 0x" + Integer.toHexString(mode));
    }
    boolean keep = (mode & Fallocate.KEEP_SIZE) != 0;
    boolean punch = (mode & Fallocate.PUNCH_HOLE) != 0;
    boolean zeroRange = (mode & Fallocate.ZERO_RANGE) != 0;
    if (punch && (!keep || zeroRange)) {
      throw new ImageException("PUNCH_HOLE needs KEEP_SIZE and excludes ZERO_RANGE");
    }
    Node n = img.regular(f.inode());
    long end = f.offset() + f.length();
    if (end < 0) {
      throw new ImageException("range overflows");
    }
    if (punch || zeroRange) {
      img.zero(f.inode(), f.offset(), f.length());
    }
    if (!keep && end > n.size) {
      img.setSize(f.inode(), end);
    }
    if (f.mtimeNanos() != TraceOp.UNKNOWN || punch || zeroRange || (!keep && end > n.size)) {
      stamp(img, f.inode(), f.mtimeNanos(), f.meta().timeNanos());
    }
  }
}
