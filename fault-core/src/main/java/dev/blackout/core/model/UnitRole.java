package dev.blackout.core.model;

import dev.blackout.core.trace.TraceOp;
import java.util.Locale;

/**
 * What part of its op a unit is. A unit graph keeps, per unit, only its role and a few numbers;
 * the unit's effect and its words are made again from its op (read back from the trace) when
 * asked for, so that a million-op trace does not hold millions of effects and strings.
 */
enum UnitRole {
  /** The entry a create, mkdir, mknod, symlink or link makes. */
  ENTRY_LINK(UnitKind.ENTRY, false, false, 0),
  /** The entry an unlink or rmdir removes. */
  ENTRY_UNLINK(UnitKind.ENTRY, false, false, 0),
  /** A whole rename (or exchange) as one unit. */
  RENAME(UnitKind.ENTRY, false, false, 0),
  /** Part 1/3 of a split rename: the destination's old entry goes. */
  RENAME_UNLINK_DST(UnitKind.ENTRY, false, false, 0),
  /** Part 2/3 of a split rename: the destination names the file. */
  RENAME_LINK_DST(UnitKind.ENTRY, false, false, 1),
  /** Part 3/3 of a split rename: the source entry goes. */
  RENAME_UNLINK_SRC(UnitKind.ENTRY, false, false, 2),
  /** The truncation to zero an O_TRUNC open makes. */
  OPEN_TRUNC(UnitKind.SIZE, true, true, 0),
  /** A write's bytes. */
  WRITE_DATA(UnitKind.DATA, false, false, 1),
  /** The size growth of a write past the end. */
  WRITE_SIZE(UnitKind.SIZE, false, false, 0),
  /** A truncate's new size (applied after its {@link #TRUNCATE_TAIL}). */
  TRUNCATE(UnitKind.SIZE, true, false, 1),
  /**
   * The zeroes a truncate that shrinks a file to a size inside a block writes over the rest of
   * that block: a data write of its own (GraphBuilder#cutTruncateTail).
   */
  TRUNCATE_TAIL(UnitKind.DATA, false, false, 0),
  /** A fallocate's size growth. */
  FALLOC_SIZE(UnitKind.SIZE, true, false, 0),
  /** The zeroes of a fallocate that punches a hole or zeroes a range. */
  FALLOC_ZERO(UnitKind.DATA, true, false, 1),
  /** A chmod, chown, utimens, setxattr or removexattr. */
  ATTR(UnitKind.ATTR, false, false, 0),
  /** The mtime an O_TRUNC open of an empty file or an allocating fallocate gave the file. */
  TIME_STAMP(UnitKind.TIME, false, false, 0);

  static final UnitRole[] VALUES = values();

  final UnitKind kind;
  /** Made by an explicit call rather than by a write (metadata for a journaling file system). */
  final boolean explicit;
  final boolean openTrunc;
  /** Order in which the units of one op are applied to an image. */
  final int applyRank;

  UnitRole(UnitKind kind, boolean explicit, boolean openTrunc, int applyRank) {
    this.kind = kind;
    this.explicit = explicit;
    this.openTrunc = openTrunc;
    this.applyRank = applyRank;
  }

  /**
   * The effect of this part of {@code op}: what {@link GraphBuilder} made when it cut the op.
   *
   * @param info what the unit's inode is created as (for a rename: the moved file)
   * @param replacedInfo for a whole rename: what the replaced file is created as
   */
  Effect effect(TraceOp op, long inode, InodeInfo info, InodeInfo replacedInfo, int granularity) {
    return switch (this) {
      case ENTRY_LINK -> new Effect.Link(entryParent(op), entryName(op), inode, info, dirTime(op));
      case ENTRY_UNLINK -> op instanceof TraceOp.Unlink l
          ? new Effect.Unlink(l.parent(), l.name(), dirTime(op))
          : new Effect.Unlink(((TraceOp.Rmdir) op).parent(), ((TraceOp.Rmdir) op).name(), dirTime(op));
      case RENAME -> {
        TraceOp.Rename r = (TraceOp.Rename) op;
        yield new Effect.Rename(r.srcParent(), r.srcName(), r.dstParent(), r.dstName(), r.inode(), info,
            r.replaced(), replacedInfo, (r.flags() & TraceOp.Rename.RENAME_EXCHANGE) != 0,
            GraphBuilder.time(r.srcDirMtimeNanos(), r), GraphBuilder.time(r.dstDirMtimeNanos(), r));
      }
      case RENAME_UNLINK_DST -> {
        TraceOp.Rename r = (TraceOp.Rename) op;
        yield new Effect.Unlink(r.dstParent(), r.dstName(), GraphBuilder.time(r.dstDirMtimeNanos(), r));
      }
      case RENAME_LINK_DST -> {
        TraceOp.Rename r = (TraceOp.Rename) op;
        yield new Effect.Link(r.dstParent(), r.dstName(), inode, info, GraphBuilder.time(r.dstDirMtimeNanos(), r));
      }
      case RENAME_UNLINK_SRC -> {
        TraceOp.Rename r = (TraceOp.Rename) op;
        yield new Effect.Unlink(r.srcParent(), r.srcName(), GraphBuilder.time(r.srcDirMtimeNanos(), r));
      }
      case OPEN_TRUNC -> new Effect.SetSize(inode, info, 0, fileTime(op));
      case WRITE_DATA -> {
        TraceOp.Write w = (TraceOp.Write) op;
        yield new Effect.WriteData(inode, info, w.offset(), w.data(), granularity, fileTime(op));
      }
      case WRITE_SIZE -> new Effect.SetSize(inode, info, ((TraceOp.Write) op).end(), fileTime(op));
      case TRUNCATE -> new Effect.SetSize(inode, info, ((TraceOp.Truncate) op).size(), fileTime(op));
      case TRUNCATE_TAIL -> {
        long from = ((TraceOp.Truncate) op).size();
        // clipped to the size at the time: the old one, since the new size is applied after it
        yield new Effect.Zero(inode, info, from, GraphBuilder.FS_BLOCK - from % GraphBuilder.FS_BLOCK, fileTime(op));
      }
      case FALLOC_SIZE -> {
        TraceOp.Fallocate f = (TraceOp.Fallocate) op;
        yield new Effect.SetSize(inode, info, f.offset() + f.length(), fileTime(op));
      }
      case FALLOC_ZERO -> {
        TraceOp.Fallocate f = (TraceOp.Fallocate) op;
        yield new Effect.Zero(inode, info, f.offset(), f.length(), fileTime(op));
      }
      case ATTR -> new Effect.Attr(op, inode, info);
      case TIME_STAMP -> new Effect.Stamp(inode, info, op instanceof TraceOp.Open o ? o.mtimeNanos()
          : ((TraceOp.Fallocate) op).mtimeNanos());
    };
  }

  /** The mtime an entry op gave its directory. */
  private static long dirTime(TraceOp op) {
    long known;
    if (op instanceof TraceOp.Creation c) {
      known = c.dirMtimeNanos();
    } else if (op instanceof TraceOp.Link l) {
      known = l.dirMtimeNanos();
    } else if (op instanceof TraceOp.Unlink l) {
      known = l.dirMtimeNanos();
    } else {
      known = ((TraceOp.Rmdir) op).dirMtimeNanos();
    }
    return GraphBuilder.time(known, op);
  }

  /** The mtime an op on a file's content gave the file. */
  private static long fileTime(TraceOp op) {
    long known;
    if (op instanceof TraceOp.Open o) {
      known = o.mtimeNanos();
    } else if (op instanceof TraceOp.Write w) {
      known = w.mtimeNanos();
    } else if (op instanceof TraceOp.Truncate t) {
      known = t.mtimeNanos();
    } else {
      known = ((TraceOp.Fallocate) op).mtimeNanos();
    }
    return GraphBuilder.time(known, op);
  }

  /**
   * This part of {@code op} in words, with the paths the workload saw when it ran ({@code words})
   * and the size the file had before it ({@code sizeBefore}).
   */
  String text(TraceOp op, Words words, long sizeBefore) {
    long s = op.seq();
    String a = q(words.a());
    return switch (this) {
      case ENTRY_LINK -> {
        if (op instanceof TraceOp.Create) {
          yield "create #" + s + " " + a;
        } else if (op instanceof TraceOp.Mkdir) {
          yield "mkdir #" + s + " " + a;
        } else if (op instanceof TraceOp.Mknod) {
          yield "mknod #" + s + " " + a;
        } else if (op instanceof TraceOp.Symlink l) {
          yield "symlink #" + s + " " + a + " -> " + q(l.target());
        }
        yield "link #" + s + " " + a + " to " + q(words.b());
      }
      case ENTRY_UNLINK -> (op instanceof TraceOp.Unlink ? "unlink #" : "rmdir #") + s + " " + a;
      case RENAME -> rename(s, words);
      case RENAME_UNLINK_DST -> rename(s, words) + " part 1/3: unlink destination " + q(words.b());
      case RENAME_LINK_DST -> rename(s, words) + " part 2/3: link destination " + q(words.b());
      case RENAME_UNLINK_SRC -> rename(s, words) + " part 3/3: unlink source " + a;
      case OPEN_TRUNC -> "open #" + s + " O_TRUNC of " + a + " (size " + sizeBefore + " -> 0)";
      case WRITE_DATA -> {
        TraceOp.Write w = (TraceOp.Write) op;
        yield "write #" + s + " to " + a + " [" + w.offset() + ", " + w.end() + ")";
      }
      case WRITE_SIZE -> "size of " + a + " " + sizeBefore + " -> " + ((TraceOp.Write) op).end() + " (write #" + s + ")";
      case TRUNCATE -> "truncate #" + s + " " + a + " " + sizeBefore + " -> " + ((TraceOp.Truncate) op).size();
      case TRUNCATE_TAIL -> {
        long from = ((TraceOp.Truncate) op).size();
        yield "truncate #" + s + " zeroes " + a + " [" + from + ", "
            + Math.min(sizeBefore, from - from % GraphBuilder.FS_BLOCK + GraphBuilder.FS_BLOCK) + ")";
      }
      case FALLOC_SIZE -> {
        TraceOp.Fallocate f = (TraceOp.Fallocate) op;
        yield "fallocate #" + s + " " + a + " size " + sizeBefore + " -> " + (f.offset() + f.length());
      }
      case FALLOC_ZERO -> {
        TraceOp.Fallocate f = (TraceOp.Fallocate) op;
        yield "fallocate #" + s + " zeroes " + a + " [" + f.offset() + ", " + (f.offset() + f.length()) + ")";
      }
      case ATTR -> op.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " #" + s + " " + a;
      case TIME_STAMP -> op instanceof TraceOp.Open ? "open #" + s + " O_TRUNC of empty " + a : "fallocate #" + s + " of " + a;
    };
  }

  private static String rename(long s, Words words) {
    return "rename #" + s + " " + q(words.a()) + "→" + q(words.b());
  }

  /** The directory of the entry a create, mkdir, mknod, symlink or link makes. */
  private static long entryParent(TraceOp op) {
    return op instanceof TraceOp.Creation c ? c.parent() : ((TraceOp.Link) op).parent();
  }

  /** The name of the entry a create, mkdir, mknod, symlink or link makes. */
  private static String entryName(TraceOp op) {
    return op instanceof TraceOp.Creation c ? c.name() : ((TraceOp.Link) op).name();
  }

  static String q(String path) {
    return "'" + path + "'";
  }

  /**
   * The paths an op's units name, as the workload saw them when the op ran: {@code a} the file
   * (or the entry's path, or a rename's source), {@code b} a link's target file or a rename's
   * destination (else null), and what an fsync must name to make the units durable.
   */
  record Words(String a, String b, String syncTarget) {}
}
