package dev.blackout.fuse;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.blackout.core.trace.RawNames;
import dev.blackout.fuse.internal.LibC;

/**
 * System calls Java lacks, for workloads in tests: every path is relative to a directory
 * descriptor and passed as the exact bytes a {@link RawNames} string stands for, so names that are
 * not UTF-8 and trees deeper than 4 KiB can be made. Each call returns what libc returns, or
 * {@code -errno} on failure.
 */
final class RawFs {
  private RawFs() {}

  static final int O_NONBLOCK = 04000;
  static final int O_SYNC = 04010000;
  static final int O_DSYNC = 010000;
  static final int S_IFIFO = 0010000;
  static final int S_IFCHR = 0020000;
  static final int RENAME_NOREPLACE = 1;
  static final int RENAME_EXCHANGE = 2;
  static final int RENAME_WHITEOUT = 4;
  static final long UTIME_NOW = (1L << 30) - 1;
  static final long UTIME_OMIT = (1L << 30) - 2;

  /** A NUL-terminated copy of the bytes {@code s} stands for. */
  static Memory path(String s) {
    byte[] b = RawNames.encode(s);
    Memory m = new Memory(b.length + 1L);
    m.write(0, b, 0, b.length);
    m.setByte(b.length, (byte) 0);
    return m;
  }

  private static int r(int v) {
    return v < 0 ? -LibC.errno() : v;
  }

  private static long r(long v) {
    return v < 0 ? -LibC.errno() : v;
  }

  /** openat; always O_NONBLOCK, so that opening a FIFO without a reader fails instead of hanging. */
  static int open(int dir, String p, int flags, int mode) {
    return r(LibC.openat(dir, path(p), flags | LibC.O_CLOEXEC | O_NONBLOCK, mode));
  }

  static int openDir(int dir, String p) {
    return open(dir, p, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_NOFOLLOW, 0);
  }

  static int close(int fd) {
    return r(LibC.close(fd));
  }

  static long pwrite(int fd, byte[] data, long offset) {
    Memory m = new Memory(Math.max(1, data.length));
    m.write(0, data, 0, data.length);
    return r(LibC.pwrite(fd, m, data.length, offset));
  }

  /** pwrite from a buffer aligned to 4096 bytes (O_DIRECT). */
  static long pwriteAligned(int fd, byte[] data, long offset) {
    Memory m = new Memory(data.length + 8192L);
    Pointer aligned = m.share(4096 - Pointer.nativeValue(m) % 4096);
    aligned.write(0, data, 0, data.length);
    return r(LibC.pwrite(fd, aligned, data.length, offset));
  }

  static int ftruncate(int fd, long size) {
    return r(LibC.ftruncate(fd, size));
  }

  static int fallocate(int fd, int mode, long offset, long length) {
    return r(LibC.fallocate(fd, mode, offset, length));
  }

  static int fsync(int fd) {
    return r(LibC.fsync(fd));
  }

  static int fdatasync(int fd) {
    return r(LibC.fdatasync(fd));
  }

  static int mkdir(int dir, String p, int mode) {
    return r(LibC.mkdirat(dir, path(p), mode));
  }

  static int mknod(int dir, String p, int mode, long dev) {
    return r(LibC.mknodat(dir, path(p), mode, dev));
  }

  static int symlink(String target, int dir, String p) {
    return r(LibC.symlinkat(path(target), dir, path(p)));
  }

  static int link(int dir, String from, int toDir, String to) {
    return r(LibC.linkat(dir, path(from), toDir, path(to), 0));
  }

  static int unlink(int dir, String p) {
    return r(LibC.unlinkat(dir, path(p), 0));
  }

  static int rmdir(int dir, String p) {
    return r(LibC.unlinkat(dir, path(p), LibC.AT_REMOVEDIR));
  }

  static int rename(int dir, String from, int toDir, String to, int flags) {
    return r(LibC.renameat2(dir, path(from), toDir, path(to), flags));
  }

  static int chmod(int dir, String p, int mode) {
    return r(LibC.fchmodat(dir, path(p), mode, 0));
  }

  static int chown(int dir, String p, int uid, int gid) {
    return r(LibC.fchownat(dir, path(p), uid, gid, LibC.AT_SYMLINK_NOFOLLOW));
  }

  /** utimensat without following a symlink; a time is nanoseconds, or UTIME_NOW / UTIME_OMIT. */
  static int utimens(int dir, String p, long atime, long mtime) {
    Memory t = new Memory(32);
    put(t, 0, atime);
    put(t, 16, mtime);
    return r(LibC.utimensat(dir, path(p), t, LibC.AT_SYMLINK_NOFOLLOW));
  }

  private static void put(Memory t, int off, long time) {
    if (time == UTIME_NOW || time == UTIME_OMIT) {
      t.setLong(off, 0);
      t.setLong(off + 8, time);
    } else {
      t.setLong(off, Math.floorDiv(time, 1_000_000_000L));
      t.setLong(off + 8, Math.floorMod(time, 1_000_000_000L));
    }
  }

  /** {@code /proc/self/fd/DIR/P}: the xattr calls have no *at form. */
  static Memory procPath(int dir, String p) {
    return path("/proc/self/fd/" + dir + "/" + p);
  }

  static int setxattr(int dir, String p, String name, byte[] value) {
    Memory v = new Memory(Math.max(1, value.length));
    v.write(0, value, 0, value.length);
    return r(LibC.lsetxattr(procPath(dir, p), path(name), v, value.length, 0));
  }

  static int removexattr(int dir, String p, String name) {
    return r(LibC.lremovexattr(procPath(dir, p), path(name)));
  }
}
