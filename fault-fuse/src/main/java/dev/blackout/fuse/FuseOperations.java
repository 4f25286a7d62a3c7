package dev.blackout.fuse;

import com.sun.jna.Pointer;
import java.util.Set;

/**
 * A file system served through libfuse 3's high-level API: one method per {@code struct
 * fuse_operations} slot, with the C argument types (native {@code char*} paths and buffers as
 * {@link Pointer}s, so that nothing is copied or decoded unless the implementation asks for it).
 *
 * <p>Conventions, as in libfuse: every method returns 0 (or a byte count, an offset) on success and
 * {@code -errno} on failure, and never throws (the binding turns an escaped exception into {@code
 * -EIO}). A {@code path} is NULL for requests on an open handle whose name libfuse did not resolve
 * (the mount sets {@code nullpath_ok}), and is otherwise absolute within the mount ({@code "/"} is
 * the root). {@code fi} points at a 40-byte {@code struct fuse_file_info}: read and write it only
 * through {@link FileInfo}. Only the operations in {@link #supportedOperations()} are registered;
 * the others answer ENOSYS, which the kernel remembers for the rest of the mount (so flush, fsync
 * and fsyncdir must be supported by anything that wants to see them).
 */
public interface FuseOperations {

  /** The slots of {@code struct fuse_operations} an implementation may fill. */
  enum Operation {
    GETATTR,
    READLINK,
    MKNOD,
    MKDIR,
    UNLINK,
    RMDIR,
    SYMLINK,
    RENAME,
    LINK,
    CHMOD,
    CHOWN,
    TRUNCATE,
    OPEN,
    READ,
    WRITE,
    STATFS,
    FLUSH,
    RELEASE,
    FSYNC,
    SETXATTR,
    GETXATTR,
    LISTXATTR,
    REMOVEXATTR,
    OPENDIR,
    READDIR,
    RELEASEDIR,
    FSYNCDIR,
    INIT,
    DESTROY,
    ACCESS,
    CREATE,
    UTIMENS,
    FALLOCATE,
    COPY_FILE_RANGE,
    LSEEK
  }

  /** Receives directory entries during {@link #readdir}. */
  @FunctionalInterface
  interface DirFiller {
    /**
     * Adds entry {@code name} (a NUL-terminated native string) with optional attributes {@code
     * stat} (may be null; only the type bits are used); returns false when the reply buffer is
     * full.
     */
    boolean fill(Pointer name, Pointer stat);
  }

  int ENOSYS = 38;

  /** The operations this file system implements; the others stay NULL in the table. */
  Set<Operation> supportedOperations();

  default int getattr(Pointer path, Pointer stat, Pointer fi) {
    return -ENOSYS;
  }

  default int readlink(Pointer path, Pointer buf, long size) {
    return -ENOSYS;
  }

  default int mknod(Pointer path, int mode, long rdev) {
    return -ENOSYS;
  }

  default int mkdir(Pointer path, int mode) {
    return -ENOSYS;
  }

  default int unlink(Pointer path) {
    return -ENOSYS;
  }

  default int rmdir(Pointer path) {
    return -ENOSYS;
  }

  default int symlink(Pointer target, Pointer linkPath) {
    return -ENOSYS;
  }

  default int rename(Pointer from, Pointer to, int flags) {
    return -ENOSYS;
  }

  default int link(Pointer from, Pointer to) {
    return -ENOSYS;
  }

  default int chmod(Pointer path, int mode, Pointer fi) {
    return -ENOSYS;
  }

  default int chown(Pointer path, int uid, int gid, Pointer fi) {
    return -ENOSYS;
  }

  default int truncate(Pointer path, long size, Pointer fi) {
    return -ENOSYS;
  }

  default int open(Pointer path, Pointer fi) {
    return -ENOSYS;
  }

  default int read(Pointer path, Pointer buf, long size, long offset, Pointer fi) {
    return -ENOSYS;
  }

  default int write(Pointer path, Pointer buf, long size, long offset, Pointer fi) {
    return -ENOSYS;
  }

  default int statfs(Pointer path, Pointer statvfs) {
    return -ENOSYS;
  }

  default int flush(Pointer path, Pointer fi) {
    return -ENOSYS;
  }

  default int release(Pointer path, Pointer fi) {
    return -ENOSYS;
  }

  default int fsync(Pointer path, int datasync, Pointer fi) {
    return -ENOSYS;
  }

  default int setxattr(Pointer path, Pointer name, Pointer value, long size, int flags) {
    return -ENOSYS;
  }

  default int getxattr(Pointer path, Pointer name, Pointer value, long size) {
    return -ENOSYS;
  }

  default int listxattr(Pointer path, Pointer list, long size) {
    return -ENOSYS;
  }

  default int removexattr(Pointer path, Pointer name) {
    return -ENOSYS;
  }

  default int opendir(Pointer path, Pointer fi) {
    return -ENOSYS;
  }

  default int readdir(Pointer path, DirFiller filler, long offset, Pointer fi, int flags) {
    return -ENOSYS;
  }

  default int releasedir(Pointer path, Pointer fi) {
    return -ENOSYS;
  }

  default int fsyncdir(Pointer path, int datasync, Pointer fi) {
    return -ENOSYS;
  }

  /**
   * Called once before the first request, with {@code struct fuse_conn_info} and {@code struct
   * fuse_config} (3.14 layouts, see {@code internal.Layout}) that may be adjusted.
   */
  default void init(Pointer conn, Pointer config) {}

  /** Called once while the file system is destroyed, after the last request. */
  default void destroy() {}

  default int access(Pointer path, int mask) {
    return -ENOSYS;
  }

  default int create(Pointer path, int mode, Pointer fi) {
    return -ENOSYS;
  }

  /** {@code times} points at two {@code struct timespec} (atime, mtime), or is null for "now". */
  default int utimens(Pointer path, Pointer times, Pointer fi) {
    return -ENOSYS;
  }

  default int fallocate(Pointer path, int mode, long offset, long length, Pointer fi) {
    return -ENOSYS;
  }

  default long copyFileRange(
      Pointer pathIn,
      Pointer fiIn,
      long offsetIn,
      Pointer pathOut,
      Pointer fiOut,
      long offsetOut,
      long length,
      int flags) {
    return -ENOSYS;
  }

  default long lseek(Pointer path, long offset, int whence, Pointer fi) {
    return -ENOSYS;
  }
}
