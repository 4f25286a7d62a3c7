package dev.blackout.core.trace;

import static dev.blackout.core.trace.TraceFormat.*;
import static dev.blackout.core.trace.TraceOp.UNKNOWN;

import dev.blackout.core.trace.Cursor.MalformedException;
import dev.blackout.core.trace.TraceOp.*;

/**
 * Encodes an image entry or an op into a record's fixed part, and decodes it back. A record with a
 * payload ends its fixed part with the payload's length (i64); the payload bytes and their CRC-32C
 * follow in the body, written and located by the writer and the reader.
 */
final class RecordCodec {

  /** Makes the payload of a record being decoded, given its length. */
  interface PayloadSource {
    Payload payload(long length) throws MalformedException;
  }

  private RecordCodec() {}

  static int encodeEntry(InitialImage.Entry e, Sink s) {
    s.putLong(e.inode());
    s.putByte(e.type().ordinal());
    s.putInt(e.mode());
    s.putInt(e.uid());
    s.putInt(e.gid());
    s.putLong(e.mtimeNanos());
    s.putString(e.path());
    s.putByte(e.linkTarget() == null ? 0 : 1);
    if (e.linkTarget() != null) {
      s.putString(e.linkTarget());
    }
    s.putLong(e.content().length());
    return IMAGE_ENTRY;
  }

  static InitialImage.Entry decodeEntry(Cursor c, PayloadSource p) throws MalformedException {
    long inode = c.getLong();
    int typeIndex = c.getByte();
    FileType[] types = FileType.values();
    if (typeIndex >= types.length) {
      throw new MalformedException("unknown file type " + typeIndex);
    }
    int mode = c.getInt();
    int uid = c.getInt();
    int gid = c.getInt();
    long mtime = c.getLong();
    String path = c.getString();
    String target = c.getByte() == 0 ? null : c.getString();
    Payload content = p.payload(c.getLong());
    return new InitialImage.Entry(path, inode, types[typeIndex], mode, uid, gid, mtime, content, target);
  }

  /** The payload of {@code op}, or null for kinds without one. */
  static Payload payloadOf(TraceOp op) {
    if (op instanceof Write w) {
      return w.data();
    }
    if (op instanceof SetXattr x) {
      return x.value();
    }
    return null;
  }

  /** Writes {@code op}'s fixed part to {@code s}; returns its record type. */
  static int encodeOp(TraceOp op, Sink s) {
    OpMeta m = op.meta();
    s.putLong(m.seq());
    s.putLong(m.startSeq());
    s.putInt(m.pid());
    s.putInt(m.tid());
    s.putLong(m.timeNanos());
    s.putInt(m.errno());
    if (op instanceof Write o) {
      s.putLong(o.inode());
      s.putLong(o.handle());
      s.putLong(o.offset());
      s.putInt(o.flags());
      s.putLong(o.mtimeNanos());
      s.putLong(o.data().length());
      return WRITE;
    } else if (op instanceof Create o) {
      s.putLong(o.parent());
      s.putString(o.name());
      s.putLong(o.inode());
      s.putInt(o.mode());
      s.putLong(o.handle());
      s.putInt(o.flags());
      made(s, o);
      return CREATE;
    } else if (op instanceof Mkdir o) {
      s.putLong(o.parent());
      s.putString(o.name());
      s.putLong(o.inode());
      s.putInt(o.mode());
      made(s, o);
      return MKDIR;
    } else if (op instanceof Mknod o) {
      s.putLong(o.parent());
      s.putString(o.name());
      s.putLong(o.inode());
      s.putInt(o.mode());
      s.putLong(o.rdev());
      made(s, o);
      return MKNOD;
    } else if (op instanceof Symlink o) {
      s.putLong(o.parent());
      s.putString(o.name());
      s.putLong(o.inode());
      s.putString(o.target());
      made(s, o);
      return SYMLINK;
    } else if (op instanceof Link o) {
      s.putLong(o.inode());
      s.putLong(o.parent());
      s.putString(o.name());
      s.putLong(o.dirMtimeNanos());
      return LINK;
    } else if (op instanceof Unlink o) {
      s.putLong(o.parent());
      s.putString(o.name());
      s.putLong(o.inode());
      s.putLong(o.dirMtimeNanos());
      return UNLINK;
    } else if (op instanceof Rmdir o) {
      s.putLong(o.parent());
      s.putString(o.name());
      s.putLong(o.inode());
      s.putLong(o.dirMtimeNanos());
      return RMDIR;
    } else if (op instanceof Rename o) {
      s.putLong(o.srcParent());
      s.putString(o.srcName());
      s.putLong(o.dstParent());
      s.putString(o.dstName());
      s.putLong(o.inode());
      s.putLong(o.replaced());
      s.putInt(o.flags());
      s.putLong(o.srcDirMtimeNanos());
      s.putLong(o.dstDirMtimeNanos());
      return RENAME;
    } else if (op instanceof Open o) {
      fileAndHandle(s, o.inode(), o.handle(), OPEN, o.flags());
      s.putLong(o.mtimeNanos());
      return OPEN;
    } else if (op instanceof Truncate o) {
      s.putLong(o.inode());
      s.putLong(o.handle());
      s.putLong(o.size());
      s.putLong(o.mtimeNanos());
      return TRUNCATE;
    } else if (op instanceof Fallocate o) {
      s.putLong(o.inode());
      s.putLong(o.handle());
      s.putInt(o.mode());
      s.putLong(o.offset());
      s.putLong(o.length());
      s.putLong(o.mtimeNanos());
      return FALLOCATE;
    } else if (op instanceof Chmod o) {
      s.putLong(o.inode());
      s.putInt(o.mode());
      return CHMOD;
    } else if (op instanceof Chown o) {
      s.putLong(o.inode());
      s.putInt(o.uid());
      s.putInt(o.gid());
      s.putInt(o.mode());
      return CHOWN;
    } else if (op instanceof SetTimes o) {
      s.putLong(o.inode());
      s.putLong(o.atimeNanos());
      s.putLong(o.mtimeNanos());
      return SET_TIMES;
    } else if (op instanceof SetXattr o) {
      s.putLong(o.inode());
      s.putString(o.name());
      s.putInt(o.flags());
      s.putLong(o.value().length());
      return SET_XATTR;
    } else if (op instanceof RemoveXattr o) {
      s.putLong(o.inode());
      s.putString(o.name());
      return REMOVE_XATTR;
    } else if (op instanceof Flush o) {
      return fileAndHandle(s, o.inode(), o.handle(), FLUSH, 0);
    } else if (op instanceof Release o) {
      return fileAndHandle(s, o.inode(), o.handle(), RELEASE, 0);
    } else if (op instanceof Fsync o) {
      return fileAndHandle(s, o.inode(), o.handle(), FSYNC, 0);
    } else if (op instanceof Fdatasync o) {
      return fileAndHandle(s, o.inode(), o.handle(), FDATASYNC, 0);
    } else if (op instanceof Fsyncdir o) {
      return fileAndHandle(s, o.inode(), o.handle(), FSYNCDIR, 0);
    } else if (op instanceof Marker o) {
      s.putString(o.text());
      return MARKER;
    }
    throw new AssertionError("unhandled op kind " + op.getClass().getSimpleName());
  }

  /** What the kernel made (version 2): owner, group, the inode's and its directory's mtime. */
  private static void made(Sink s, TraceOp.Creation o) {
    s.putInt(o.uid());
    s.putInt(o.gid());
    s.putLong(o.mtimeNanos());
    s.putLong(o.dirMtimeNanos());
  }

  private static int fileAndHandle(Sink s, long inode, long handle, int type, int flags) {
    s.putLong(inode);
    s.putLong(handle);
    if (type == OPEN) {
      s.putInt(flags);
    }
    return type;
  }

  /**
   * Decodes an op record of {@code type} (an op type) from {@code c}, laid out as format {@code
   * version} lays it out (version 1 lacks what the kernel made: those fields read as unknown).
   */
  static TraceOp decodeOp(int type, Cursor c, PayloadSource p, int version)
      throws MalformedException {
    boolean v2 = version >= 2;
    OpMeta m;
    try {
      m = new OpMeta(c.getLong(), c.getLong(), c.getInt(), c.getInt(), c.getLong(), c.getInt());
    } catch (IllegalArgumentException e) {
      throw new MalformedException(e.getMessage());
    }
    try {
      return switch (type) {
        case WRITE -> {
          long inode = c.getLong();
          long handle = c.getLong();
          long offset = c.getLong();
          int flags = c.getInt();
          long mtime = v2 ? c.getLong() : UNKNOWN;
          yield new Write(m, inode, handle, offset, p.payload(c.getLong()), flags, mtime);
        }
        case CREATE -> {
          long parent = c.getLong();
          String name = c.getString();
          long inode = c.getLong();
          int mode = c.getInt();
          long handle = c.getLong();
          int flags = c.getInt();
          yield v2
              ? new Create(m, parent, name, inode, mode, handle, flags, c.getInt(), c.getInt(),
                  c.getLong(), c.getLong())
              : new Create(m, parent, name, inode, mode, handle, flags);
        }
        case MKDIR -> {
          long parent = c.getLong();
          String name = c.getString();
          long inode = c.getLong();
          int mode = c.getInt();
          yield v2
              ? new Mkdir(m, parent, name, inode, mode, c.getInt(), c.getInt(), c.getLong(),
                  c.getLong())
              : new Mkdir(m, parent, name, inode, mode);
        }
        case MKNOD -> {
          long parent = c.getLong();
          String name = c.getString();
          long inode = c.getLong();
          int mode = c.getInt();
          long rdev = c.getLong();
          yield v2
              ? new Mknod(m, parent, name, inode, mode, rdev, c.getInt(), c.getInt(), c.getLong(),
                  c.getLong())
              : new Mknod(m, parent, name, inode, mode, rdev);
        }
        case SYMLINK -> {
          long parent = c.getLong();
          String name = c.getString();
          long inode = c.getLong();
          String target = c.getString();
          yield v2
              ? new Symlink(m, parent, name, inode, target, c.getInt(), c.getInt(), c.getLong(),
                  c.getLong())
              : new Symlink(m, parent, name, inode, target);
        }
        case LINK -> new Link(m, c.getLong(), c.getLong(), c.getString(), v2 ? c.getLong() : UNKNOWN);
        case UNLINK -> new Unlink(
            m, c.getLong(), c.getString(), c.getLong(), v2 ? c.getLong() : UNKNOWN);
        case RMDIR -> new Rmdir(
            m, c.getLong(), c.getString(), c.getLong(), v2 ? c.getLong() : UNKNOWN);
        case RENAME -> new Rename(
            m,
            c.getLong(),
            c.getString(),
            c.getLong(),
            c.getString(),
            c.getLong(),
            c.getLong(),
            c.getInt(),
            v2 ? c.getLong() : UNKNOWN,
            v2 ? c.getLong() : UNKNOWN);
        case OPEN -> new Open(
            m, c.getLong(), c.getLong(), c.getInt(), v2 ? c.getLong() : UNKNOWN);
        case TRUNCATE -> new Truncate(
            m, c.getLong(), c.getLong(), c.getLong(), v2 ? c.getLong() : UNKNOWN);
        case FALLOCATE -> new Fallocate(
            m, c.getLong(), c.getLong(), c.getInt(), c.getLong(), c.getLong(),
            v2 ? c.getLong() : UNKNOWN);
        case CHMOD -> new Chmod(m, c.getLong(), c.getInt());
        case CHOWN -> new Chown(m, c.getLong(), c.getInt(), c.getInt(), v2 ? c.getInt() : -1);
        case SET_TIMES -> new SetTimes(m, c.getLong(), c.getLong(), c.getLong());
        case SET_XATTR -> {
          long inode = c.getLong();
          String name = c.getString();
          int flags = c.getInt();
          yield new SetXattr(m, inode, name, p.payload(c.getLong()), flags);
        }
        case REMOVE_XATTR -> new RemoveXattr(m, c.getLong(), c.getString());
        case FLUSH -> new Flush(m, c.getLong(), c.getLong());
        case RELEASE -> new Release(m, c.getLong(), c.getLong());
        case FSYNC -> new Fsync(m, c.getLong(), c.getLong());
        case FDATASYNC -> new Fdatasync(m, c.getLong(), c.getLong());
        case FSYNCDIR -> new Fsyncdir(m, c.getLong(), c.getLong());
        case MARKER -> new Marker(m, c.getString());
        default -> throw new MalformedException("unknown op type " + type);
      };
    } catch (IllegalArgumentException e) {
      throw new MalformedException(e.getMessage());
    }
  }
}
