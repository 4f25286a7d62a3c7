package dev.blackout.fuse.internal;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The libc calls the passthrough needs, direct-mapped (no reflection, no varargs). Paths are native
 * {@code char*} so that FUSE's path buffers can be handed over without a copy. Every call that can
 * fail returns -1 and leaves errno for {@link #errno()}.
 */
public final class LibC {
  static {
    JnaSearchPath.init();
    Native.register(LibC.class, NativeLibrary.getInstance("c"));
  }

  private LibC() {}

  public static final int AT_FDCWD = -100;
  public static final int AT_SYMLINK_NOFOLLOW = 0x100;
  public static final int AT_REMOVEDIR = 0x200;
  public static final int AT_EMPTY_PATH = 0x1000;
  public static final int O_RDONLY = 0;
  public static final int O_WRONLY = 1;
  public static final int O_RDWR = 2;
  public static final int O_CREAT = 0100;
  public static final int O_EXCL = 0200;
  public static final int O_NOCTTY = 0400;
  public static final int O_TRUNC = 01000;
  public static final int O_APPEND = 02000;
  public static final int O_DIRECT = 040000;
  public static final int O_DIRECTORY = 0200000;
  public static final int O_NOFOLLOW = 0400000;
  public static final int O_CLOEXEC = 02000000;
  public static final int O_PATH = 010000000;
  public static final int MNT_DETACH = 2;

  /** The errno the last failed call on this thread left. */
  public static int errno() {
    int e = Native.getLastError();
    return e == 0 ? Errno.EIO : e;
  }

  /** {@code -errno} if {@code r} is negative, else {@code r}: the FUSE return convention. */
  public static int check(int r) {
    return r < 0 ? -errno() : r;
  }

  public static long check(long r) {
    return r < 0 ? -errno() : r;
  }

  // openat is variadic in C; on x86-64 passing the mode as a fixed int argument is ABI-compatible.
  public static native int openat(int dirfd, Pointer path, int flags, int mode);

  public static native int openat(int dirfd, String path, int flags, int mode);

  public static native int close(int fd);

  public static native int waitpid(int pid, int[] status, int options);

  public static native int dup(int fd);

  public static native long pread(int fd, Pointer buf, long count, long offset);

  public static native long pwrite(int fd, Pointer buf, long count, long offset);

  public static native int fsync(int fd);

  public static native int fdatasync(int fd);

  public static native int ftruncate(int fd, long length);

  public static native int fstat(int fd, Pointer statbuf);

  public static native int fstatat(int dirfd, Pointer path, Pointer statbuf, int flags);

  public static native int fstatat(int dirfd, String path, Pointer statbuf, int flags);

  public static native int fstatvfs(int fd, Pointer statvfsbuf);

  public static native long readlinkat(int dirfd, Pointer path, Pointer buf, long size);

  public static native int mknodat(int dirfd, Pointer path, int mode, long dev);

  public static native int mkdirat(int dirfd, Pointer path, int mode);

  public static native int unlinkat(int dirfd, Pointer path, int flags);

  public static native int symlinkat(Pointer target, int newdirfd, Pointer linkpath);

  public static native int renameat2(
      int olddirfd, Pointer oldpath, int newdirfd, Pointer newpath, int flags);

  public static native int linkat(
      int olddirfd, Pointer oldpath, int newdirfd, Pointer newpath, int flags);

  public static native int fchmodat(int dirfd, Pointer path, int mode, int flags);

  public static native int fchmod(int fd, int mode);

  public static native int fchownat(int dirfd, Pointer path, int uid, int gid, int flags);

  public static native int fchown(int fd, int uid, int gid);

  public static native int utimensat(int dirfd, Pointer path, Pointer times, int flags);

  public static native int futimens(int fd, Pointer times);

  public static native int faccessat(int dirfd, Pointer path, int mode, int flags);

  public static native int fallocate(int fd, int mode, long offset, long len);

  public static native long lseek(int fd, long offset, int whence);

  public static native long copy_file_range(
      int fdIn, Pointer offIn, int fdOut, Pointer offOut, long len, int flags);

  public static native Pointer fdopendir(int fd);

  public static native Pointer readdir(Pointer dirp);

  public static native void rewinddir(Pointer dirp);

  public static native int closedir(Pointer dirp);

  public static native int lsetxattr(
      Pointer path, Pointer name, Pointer value, long size, int flags);

  public static native long lgetxattr(Pointer path, Pointer name, Pointer value, long size);

  public static native long llistxattr(Pointer path, Pointer list, long size);

  public static native int lremovexattr(Pointer path, Pointer name);

  public static native int umount2(String target, int flags);

  public static native int getpid();

  public static native int geteuid();

  public static native int getegid();

  public static native int mount(
      String source, String target, String fstype, long flags, Pointer data);

  /**
   * Returns {@code dest} unchanged when {@code n == 0}: the address JNA hands out for a direct-mode
   * trampoline of {@code dest} (see notes §3.3: only a Callback converted as an argument of a
   * direct-mapped method gets the fast, reflection-free trampoline).
   */
  public static native Pointer memmove(Callback dest, Pointer src, long n);
}
