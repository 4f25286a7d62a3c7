package dev.blackout.core.trace;

import java.util.Objects;

/**
 * One recorded file-system request, in completion order (design.md section 2).
 *
 * <p>The set of kinds is closed: one record per kind, each documenting what it changes. Files are
 * named by the recorder-assigned inode id ({@link InitialImage#ROOT_INODE} is the root), never by
 * path, so that renames, hard links and unlinked-but-open files replay correctly. Directory-entry
 * ops name the parent directory's inode and the entry's name. A failed op ({@code
 * meta().errno() != 0}) is kept for the record and changes nothing. Handles ({@code handle}) are
 * the recorder's open-file ids, 0 when the request came without one.
 *
 * <p>Records are values: two ops are equal when every component is equal, payloads by content.
 * Names are not validated here: a trace is untrusted input, and hostile names are refused by the
 * image and the materializer with a message naming the op. Names are the kernel's bytes mapped
 * losslessly to strings ({@link RawNames}).
 *
 * <p>What the kernel made: ops that create an inode carry the permission bits, owner and mtime the
 * new inode got (a stat after the op: a setgid directory passes on its group and its setgid bit),
 * and ops that change a file's data or a directory's entries carry the mtime the file or the
 * directory had after the op ({@code *MtimeNanos}). {@link #UNKNOWN} (-1) stands for a value the
 * recorder did not learn (traces of format version 1, ops built by hand): the image then uses the
 * requested mode, owner 0 and the op's completion time.
 */
public sealed interface TraceOp {

  /** A recorded value the recorder did not learn. */
  long UNKNOWN = -1;

  OpMeta meta();

  default long seq() {
    return meta().seq();
  }

  default boolean failed() {
    return meta().failed();
  }

  /** An op that creates an inode: what the kernel made, for the image. */
  sealed interface Creation extends TraceOp {
    long parent();

    String name();

    long inode();

    /** The permission bits the new inode got (requested ones when the trace does not say). */
    int mode();

    /** Owner the new inode got, -1 when unknown. */
    int uid();

    /** Group the new inode got, -1 when unknown. */
    int gid();

    /** The new inode's mtime, -1 when unknown. */
    long mtimeNanos();

    /** The parent directory's mtime after the op, -1 when unknown. */
    long dirMtimeNanos();
  }

  /**
   * Creates a regular file {@code name} in {@code parent} as {@code inode} and opens it; {@code
   * mode}, {@code uid}, {@code gid} and the times are what the kernel made ({@link Creation}).
   */
  record Create(
      OpMeta meta,
      long parent,
      String name,
      long inode,
      int mode,
      long handle,
      int flags,
      int uid,
      int gid,
      long mtimeNanos,
      long dirMtimeNanos)
      implements Creation {
    public Create {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(name, "name");
    }

    /** A create whose result the trace does not know (owner, times). */
    public Create(OpMeta meta, long parent, String name, long inode, int mode, long handle, int flags) {
      this(meta, parent, name, inode, mode, handle, flags, -1, -1, UNKNOWN, UNKNOWN);
    }
  }

  /** Creates directory {@code name} in {@code parent} as {@code inode} ({@link Creation}). */
  record Mkdir(
      OpMeta meta,
      long parent,
      String name,
      long inode,
      int mode,
      int uid,
      int gid,
      long mtimeNanos,
      long dirMtimeNanos)
      implements Creation {
    public Mkdir {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(name, "name");
    }

    public Mkdir(OpMeta meta, long parent, String name, long inode, int mode) {
      this(meta, parent, name, inode, mode, -1, -1, UNKNOWN, UNKNOWN);
    }
  }

  /**
   * Creates a special file (FIFO, device, socket; {@code mode} holds the type bits) ({@link
   * Creation}).
   */
  record Mknod(
      OpMeta meta,
      long parent,
      String name,
      long inode,
      int mode,
      long rdev,
      int uid,
      int gid,
      long mtimeNanos,
      long dirMtimeNanos)
      implements Creation {
    public Mknod {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(name, "name");
    }

    public Mknod(OpMeta meta, long parent, String name, long inode, int mode, long rdev) {
      this(meta, parent, name, inode, mode, rdev, -1, -1, UNKNOWN, UNKNOWN);
    }
  }

  /**
   * Creates symbolic link {@code name} in {@code parent} pointing at {@code target} ({@link
   * Creation}; a symlink's mode is always 0777).
   */
  record Symlink(
      OpMeta meta,
      long parent,
      String name,
      long inode,
      String target,
      int uid,
      int gid,
      long mtimeNanos,
      long dirMtimeNanos)
      implements Creation {
    public Symlink {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(target, "target");
    }

    public Symlink(OpMeta meta, long parent, String name, long inode, String target) {
      this(meta, parent, name, inode, target, -1, -1, UNKNOWN, UNKNOWN);
    }

    @Override
    public int mode() {
      return 0777;
    }
  }

  /**
   * Adds a hard link {@code name} in {@code parent} to the existing {@code inode}; {@code
   * dirMtimeNanos} is the parent's mtime after the op (-1 when unknown).
   */
  record Link(OpMeta meta, long inode, long parent, String name, long dirMtimeNanos)
      implements TraceOp {
    public Link {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(name, "name");
    }

    public Link(OpMeta meta, long inode, long parent, String name) {
      this(meta, inode, parent, name, UNKNOWN);
    }
  }

  /**
   * Removes entry {@code name} (naming {@code inode}) from {@code parent}; open handles live on.
   * {@code dirMtimeNanos} is the parent's mtime after the op (-1 when unknown).
   */
  record Unlink(OpMeta meta, long parent, String name, long inode, long dirMtimeNanos)
      implements TraceOp {
    public Unlink {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(name, "name");
    }

    public Unlink(OpMeta meta, long parent, String name, long inode) {
      this(meta, parent, name, inode, UNKNOWN);
    }
  }

  /**
   * Removes the empty directory {@code name} (naming {@code inode}) from {@code parent}; {@code
   * dirMtimeNanos} as for Unlink.
   */
  record Rmdir(OpMeta meta, long parent, String name, long inode, long dirMtimeNanos)
      implements TraceOp {
    public Rmdir {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(name, "name");
    }

    public Rmdir(OpMeta meta, long parent, String name, long inode) {
      this(meta, parent, name, inode, UNKNOWN);
    }
  }

  /**
   * Moves {@code inode} from {@code srcParent/srcName} to {@code dstParent/dstName}. {@code
   * replaced} is the inode the destination named before (0 if none); with {@link
   * #RENAME_EXCHANGE} the two entries swap and {@code replaced} moves to the source. When {@code
   * replaced == inode} (two hard links of one file) nothing changes, as rename(2) does. The
   * directories' mtimes after the op are {@code srcDirMtimeNanos} and {@code dstDirMtimeNanos}
   * (-1 when unknown). RENAME_WHITEOUT is refused by the recorder (EINVAL) and by the image.
   */
  record Rename(
      OpMeta meta,
      long srcParent,
      String srcName,
      long dstParent,
      String dstName,
      long inode,
      long replaced,
      int flags,
      long srcDirMtimeNanos,
      long dstDirMtimeNanos)
      implements TraceOp {
    public static final int RENAME_NOREPLACE = 1;
    public static final int RENAME_EXCHANGE = 2;
    public static final int RENAME_WHITEOUT = 4;

    public Rename {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(srcName, "srcName");
      Objects.requireNonNull(dstName, "dstName");
    }

    public Rename(
        OpMeta meta,
        long srcParent,
        String srcName,
        long dstParent,
        String dstName,
        long inode,
        long replaced,
        int flags) {
      this(meta, srcParent, srcName, dstParent, dstName, inode, replaced, flags, UNKNOWN, UNKNOWN);
    }
  }

  /**
   * Opens {@code inode} with {@code flags} ({@link OpenFlags}). With {@code O_TRUNC} a successful
   * open also truncates the file to zero; {@code mtimeNanos} is the file's mtime after the op (-1
   * when unknown).
   */
  record Open(OpMeta meta, long inode, long handle, int flags, long mtimeNanos)
      implements TraceOp {
    public Open {
      Objects.requireNonNull(meta, "meta");
    }

    public Open(OpMeta meta, long inode, long handle, int flags) {
      this(meta, inode, handle, flags, UNKNOWN);
    }
  }

  /**
   * Writes {@code data} at {@code offset}, extending the file when it ends past the old size.
   * {@code flags} are the open flags the kernel sent with this write (0 for page writeback);
   * {@code mtimeNanos} is the file's mtime after the write (-1 when unknown).
   */
  record Write(
      OpMeta meta, long inode, long handle, long offset, Payload data, int flags, long mtimeNanos)
      implements TraceOp {
    public Write {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(data, "data");
      if (offset < 0) {
        throw new IllegalArgumentException("offset (" + offset + ") must not be negative");
      }
    }

    public Write(OpMeta meta, long inode, long handle, long offset, Payload data, int flags) {
      this(meta, inode, handle, offset, data, flags, UNKNOWN);
    }

    public long end() {
      return offset + data.length();
    }
  }

  /**
   * Sets the size of {@code inode} to {@code size} (cutting or zero-extending); {@code mtimeNanos}
   * is the file's mtime after the op (-1 when unknown).
   */
  record Truncate(OpMeta meta, long inode, long handle, long size, long mtimeNanos)
      implements TraceOp {
    public Truncate {
      Objects.requireNonNull(meta, "meta");
      if (size < 0) {
        throw new IllegalArgumentException("size (" + size + ") must not be negative");
      }
    }

    public Truncate(OpMeta meta, long inode, long handle, long size) {
      this(meta, inode, handle, size, UNKNOWN);
    }
  }

  /**
   * fallocate(2): mode 0 allocates and may extend the size; {@link #KEEP_SIZE} keeps it; {@link
   * #PUNCH_HOLE} (with KEEP_SIZE) and {@link #ZERO_RANGE} zero the range. {@code mtimeNanos} is
   * the file's mtime after the op (-1 when unknown).
   */
  record Fallocate(
      OpMeta meta, long inode, long handle, int mode, long offset, long length, long mtimeNanos)
      implements TraceOp {
    public static final int KEEP_SIZE = 0x01;
    public static final int PUNCH_HOLE = 0x02;
    public static final int ZERO_RANGE = 0x10;

    public Fallocate {
      Objects.requireNonNull(meta, "meta");
      if (offset < 0 || length < 0) {
        throw new IllegalArgumentException(
            "offset (" + offset + ") and length (" + length + ") must not be negative");
      }
    }

    public Fallocate(OpMeta meta, long inode, long handle, int mode, long offset, long length) {
      this(meta, inode, handle, mode, offset, length, UNKNOWN);
    }
  }

  /**
   * Sets the permission bits (the low 12 bits of {@code mode}: what the file has after the op).
   */
  record Chmod(OpMeta meta, long inode, int mode) implements TraceOp {
    public Chmod {
      Objects.requireNonNull(meta, "meta");
    }
  }

  /**
   * Sets owner and group; -1 leaves one unchanged. {@code mode} is the permission bits after the
   * op (a chown clears setuid and setgid bits of a file), -1 when unknown.
   */
  record Chown(OpMeta meta, long inode, int uid, int gid, int mode) implements TraceOp {
    public Chown {
      Objects.requireNonNull(meta, "meta");
    }

    public Chown(OpMeta meta, long inode, int uid, int gid) {
      this(meta, inode, uid, gid, -1);
    }
  }

  /** Sets access and modification times in nanoseconds since the epoch; -1 leaves one unchanged. */
  record SetTimes(OpMeta meta, long inode, long atimeNanos, long mtimeNanos) implements TraceOp {
    public SetTimes {
      Objects.requireNonNull(meta, "meta");
    }
  }

  /** Sets extended attribute {@code name} to {@code value}. */
  record SetXattr(OpMeta meta, long inode, String name, Payload value, int flags)
      implements TraceOp {
    public SetXattr {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  /** Removes extended attribute {@code name}. */
  record RemoveXattr(OpMeta meta, long inode, String name) implements TraceOp {
    public RemoveXattr {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(name, "name");
    }
  }

  /** One close(2) of one descriptor: no durability by itself (flush is not fsync). */
  record Flush(OpMeta meta, long inode, long handle) implements TraceOp {
    public Flush {
      Objects.requireNonNull(meta, "meta");
    }
  }

  /** The last close of an open file; an unlinked file with no handle left is gone. */
  record Release(OpMeta meta, long inode, long handle) implements TraceOp {
    public Release {
      Objects.requireNonNull(meta, "meta");
    }
  }

  /** fsync(2): a barrier for the file's data and metadata (not its directory entry). */
  record Fsync(OpMeta meta, long inode, long handle) implements TraceOp {
    public Fsync {
      Objects.requireNonNull(meta, "meta");
    }
  }

  /** fdatasync(2): a barrier for the file's data and the size needed to read it. */
  record Fdatasync(OpMeta meta, long inode, long handle) implements TraceOp {
    public Fdatasync {
      Objects.requireNonNull(meta, "meta");
    }
  }

  /** fsync(2) of a directory: a barrier for its entries. */
  record Fsyncdir(OpMeta meta, long inode, long handle) implements TraceOp {
    public Fsyncdir {
      Objects.requireNonNull(meta, "meta");
    }
  }

  /**
   * An application-level annotation ("ack txn 17"), ordered after every op that completed before
   * it. Markers say what the application had promised its user by that point.
   */
  record Marker(OpMeta meta, String text) implements TraceOp {
    public Marker {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(text, "text");
    }
  }
}
