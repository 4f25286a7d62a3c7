package dev.blackout.core.image;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.TraceOp;
import java.util.OptionalLong;
import java.util.SortedMap;

/**
 * An in-memory file-system image: an inode table, a directory tree and file contents held as
 * copy-on-write blocks (design.md section 5). It is built from a trace's initial image, changed by
 * whole ops ({@link #apply}) or by the finer primitives persistence models use, and written to
 * disk by {@link Materializer}. Not thread-safe; {@link #copy()} is cheap and shares blocks.
 *
 * <p>A trace is untrusted: a hostile name ({@code ""}, {@code "."}, {@code ".."}, containing
 * {@code '/'} or NUL), an op on an inode that does not exist, an entry added under something that
 * is not a directory, are refused with {@link ImageException} naming the op.
 */
public final class FsImage {

  private FsImage() {}

  /** The image of a trace's initial tree. */
  public static FsImage of(InitialImage image) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** An independent copy; blocks are shared until either side writes them. */
  public FsImage copy() {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Applies a whole op as the workload saw it complete; a failed op changes nothing. */
  public void apply(TraceOp op) {
    throw new UnsupportedOperationException("not built yet");
  }

  // ---- primitives for persistence models ----

  /** Adds a new inode, not yet linked anywhere. {@code linkTarget} only for symlinks. */
  public void createInode(long inode, FileType type, int mode, String linkTarget, long rdev) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Links {@code inode} as {@code name} in directory {@code parent}, replacing any entry there. */
  public void link(long parent, String name, long inode) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Removes entry {@code name} from {@code parent}; returns the inode it named, if any. */
  public OptionalLong unlink(long parent, String name) {
    throw new UnsupportedOperationException("not built yet");
  }

  /**
   * Copies {@code length} bytes of {@code data} from {@code dataOffset} into {@code inode} at
   * {@code fileOffset}. With {@code extend} the size grows to cover them; without it, bytes past
   * the current size are dropped (data whose size change was not persisted is unreachable).
   */
  public void write(
      long inode, long fileOffset, Payload data, long dataOffset, long length, boolean extend) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Sets the size: cuts, or extends with zeros. */
  public void setSize(long inode, long size) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Zeroes {@code [offset, offset + length)} within the current size. */
  public void zero(long inode, long offset, long length) {
    throw new UnsupportedOperationException("not built yet");
  }

  public void setMode(long inode, int mode) {
    throw new UnsupportedOperationException("not built yet");
  }

  public void setOwner(long inode, int uid, int gid) {
    throw new UnsupportedOperationException("not built yet");
  }

  public void setTimes(long inode, long atimeNanos, long mtimeNanos) {
    throw new UnsupportedOperationException("not built yet");
  }

  public void setXattr(long inode, String name, Payload value) {
    throw new UnsupportedOperationException("not built yet");
  }

  public void removeXattr(long inode, String name) {
    throw new UnsupportedOperationException("not built yet");
  }

  // ---- queries ----

  public boolean exists(long inode) {
    throw new UnsupportedOperationException("not built yet");
  }

  public FileType type(long inode) {
    throw new UnsupportedOperationException("not built yet");
  }

  public long size(long inode) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** The inode {@code name} names in {@code parent}, if any. */
  public OptionalLong lookup(long parent, String name) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** The entries of directory {@code dir}, sorted by name. */
  public SortedMap<String, Long> list(long dir) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** The content of a regular file (for tests and checkers of small files). */
  public byte[] read(long inode) {
    throw new UnsupportedOperationException("not built yet");
  }

  /**
   * A digest of what a checker can see from the root: names, types, modes, sizes, contents and
   * symlink targets (not times, owners or inode ids). Equal trees have equal hashes.
   */
  public String contentHash() {
    throw new UnsupportedOperationException("not built yet");
  }
}
