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
 * image and the materializer with a message naming the op.
 */
public sealed interface TraceOp {

  OpMeta meta();

  default long seq() {
    return meta().seq();
  }

  default boolean failed() {
    return meta().failed();
  }

  /** Creates a regular file {@code name} in {@code parent} as {@code inode} and opens it. */
  record Create(OpMeta meta, long parent, String name, long inode, int mode, long handle, int flags)
      implements TraceOp {
    public Create {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(name, "name");
    }
  }

  /** Creates directory {@code name} in {@code parent} as {@code inode}. */
  record Mkdir(OpMeta meta, long parent, String name, long inode, int mode) implements TraceOp {
    public Mkdir {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(name, "name");
    }
  }

  /** Creates a special file (FIFO, device, socket; {@code mode} holds the type bits). */
  record Mknod(OpMeta meta, long parent, String name, long inode, int mode, long rdev)
      implements TraceOp {
    public Mknod {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(name, "name");
    }
  }

  /** Creates symbolic link {@code name} in {@code parent} pointing at {@code target}. */
  record Symlink(OpMeta meta, long parent, String name, long inode, String target)
      implements TraceOp {
    public Symlink {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(target, "target");
    }
  }

  /** Adds a hard link {@code name} in {@code parent} to the existing {@code inode}. */
  record Link(OpMeta meta, long inode, long parent, String name) implements TraceOp {
    public Link {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(name, "name");
    }
  }

  /** Removes entry {@code name} (naming {@code inode}) from {@code parent}; open handles live on. */
  record Unlink(OpMeta meta, long parent, String name, long inode) implements TraceOp {
    public Unlink {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(name, "name");
    }
  }

  /** Removes the empty directory {@code name} (naming {@code inode}) from {@code parent}. */
  record Rmdir(OpMeta meta, long parent, String name, long inode) implements TraceOp {
    public Rmdir {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * Moves {@code inode} from {@code srcParent/srcName} to {@code dstParent/dstName}. {@code
   * replaced} is the inode the destination named before (0 if none); with {@link
   * #RENAME_EXCHANGE} the two entries swap and {@code replaced} moves to the source.
   */
  record Rename(
      OpMeta meta,
      long srcParent,
      String srcName,
      long dstParent,
      String dstName,
      long inode,
      long replaced,
      int flags)
      implements TraceOp {
    public static final int RENAME_NOREPLACE = 1;
    public static final int RENAME_EXCHANGE = 2;

    public Rename {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(srcName, "srcName");
      Objects.requireNonNull(dstName, "dstName");
    }
  }

  /**
   * Opens {@code inode} with {@code flags} ({@link OpenFlags}). With {@code O_TRUNC} a successful
   * open also truncates the file to zero.
   */
  record Open(OpMeta meta, long inode, long handle, int flags) implements TraceOp {
    public Open {
      Objects.requireNonNull(meta, "meta");
    }
  }

  /**
   * Writes {@code data} at {@code offset}, extending the file when it ends past the old size.
   * {@code flags} are the open flags the kernel sent with this write (0 for page writeback).
   */
  record Write(OpMeta meta, long inode, long handle, long offset, Payload data, int flags)
      implements TraceOp {
    public Write {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(data, "data");
      if (offset < 0) {
        throw new IllegalArgumentException("offset (" + offset + ") must not be negative");
      }
    }

    public long end() {
      return offset + data.length();
    }
  }

  /** Sets the size of {@code inode} to {@code size} (cutting or zero-extending). */
  record Truncate(OpMeta meta, long inode, long handle, long size) implements TraceOp {
    public Truncate {
      Objects.requireNonNull(meta, "meta");
      if (size < 0) {
        throw new IllegalArgumentException("size (" + size + ") must not be negative");
      }
    }
  }

  /**
   * fallocate(2): mode 0 allocates and may extend the size; {@link #KEEP_SIZE} keeps it; {@link
   * #PUNCH_HOLE} (with KEEP_SIZE) and {@link #ZERO_RANGE} zero the range.
   */
  record Fallocate(OpMeta meta, long inode, long handle, int mode, long offset, long length)
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
  }

  /** Sets the permission bits (the low 12 bits of {@code mode}). */
  record Chmod(OpMeta meta, long inode, int mode) implements TraceOp {
    public Chmod {
      Objects.requireNonNull(meta, "meta");
    }
  }

  /** Sets owner and group; -1 leaves one unchanged. */
  record Chown(OpMeta meta, long inode, int uid, int gid) implements TraceOp {
    public Chown {
      Objects.requireNonNull(meta, "meta");
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
