package dev.blackout.core.trace;

import java.util.List;
import java.util.Objects;

/**
 * The backing directory as it was when recording began: every entry with its type, mode, owner,
 * content and symlink target. Hard links are entries that share an inode id; only the first entry
 * of an inode carries its content. The root directory is the entry with path {@code ""} and inode
 * {@link #ROOT_INODE}, and comes first; parents come before their children.
 */
public record InitialImage(List<Entry> entries) {

  public static final long ROOT_INODE = 1;

  public InitialImage {
    entries = List.copyOf(entries);
  }

  /** An image holding only a root directory with mode 0755. */
  public static InitialImage emptyRoot() {
    return new InitialImage(
        List.of(new Entry("", ROOT_INODE, FileType.DIRECTORY, 0755, 0, 0, 0L, Payload.empty(), null)));
  }

  /**
   * One path of the initial tree.
   *
   * @param path '/'-separated, relative to the root, {@code ""} for the root itself
   * @param inode the recorder-assigned id the trace's ops use for this file
   * @param mode permission bits (the low 12 bits)
   * @param mtimeNanos modification time, nanoseconds since the epoch
   * @param content the bytes of a regular file (empty for other kinds and for further hard links)
   * @param linkTarget the target of a symlink, otherwise null
   */
  public record Entry(
      String path,
      long inode,
      FileType type,
      int mode,
      int uid,
      int gid,
      long mtimeNanos,
      Payload content,
      String linkTarget) {
    public Entry {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(content, "content");
      if ((type == FileType.SYMLINK) != (linkTarget != null)) {
        throw new IllegalArgumentException(
            "entry '" + path + "': a symlink target is required exactly for symlinks");
      }
    }
  }
}
