package dev.blackout.fuse;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.blackout.fuse.internal.Errno;
import dev.blackout.fuse.internal.Layout;
import dev.blackout.fuse.internal.LibC;
import dev.blackout.fuse.internal.NativeStrings;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * A file system that passes every request to a backing directory, and does nothing else.
 *
 * <p>Every call is a libc {@code *at} call relative to a descriptor of the backing directory, with
 * FUSE's own path buffer (minus its leading '/') as the relative path: no copy, no decoding, exact
 * bytes. Open handles are backing descriptors ({@code fi->fh}). Backing files are opened without
 * O_DIRECT (the kernel's write buffer is not aligned, notes §3.6) and without O_APPEND (the kernel
 * computes append offsets itself and {@code pwrite} must honour them); the mode the kernel asks for
 * is applied exactly, whatever this process's umask. Files unlinked while open keep working through
 * their handle (see {@link HiddenFiles}); {@code nullpath_ok} is set in {@link #init}.
 */
public final class PassthroughFileSystem implements FuseOperations, Closeable {

  private static final Set<Operation> SUPPORTED =
      EnumSet.complementOf(EnumSet.of(Operation.DESTROY));
  private static final Memory DOT = new Memory(2);
  private static final int OPEN_STRIP =
      LibC.O_DIRECT | LibC.O_APPEND | LibC.O_CREAT | LibC.O_EXCL | LibC.O_NOCTTY;

  static {
    DOT.setString(0, ".");
  }

  private final Path backing;
  private final int rootFd;
  private final int umask;
  private final HiddenFiles hidden = new HiddenFiles();
  private final ThreadLocal<Memory> scratch = ThreadLocal.withInitial(() -> new Memory(4096));
  private final ThreadLocal<Memory> procBuf = ThreadLocal.withInitial(() -> new Memory(8192));
  private final byte[] procRootBytes;

  private PassthroughFileSystem(Path backing, int rootFd, int umask) {
    this.backing = backing;
    this.rootFd = rootFd;
    this.procRootBytes =
        ("/proc/self/fd/" + rootFd).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    this.umask = umask;
  }

  /** Opens {@code backing} (an existing directory) as the root of a passthrough. */
  public static PassthroughFileSystem open(Path backing) throws IOException {
    Path dir = backing.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new IOException("backing directory " + dir + " is not a directory");
    }
    int fd =
        LibC.openat(
            LibC.AT_FDCWD, dir.toString(), LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
    if (fd < 0) {
      throw new IOException("cannot open backing directory " + dir + ": errno " + LibC.errno());
    }
    return new PassthroughFileSystem(dir, fd, processUmask());
  }

  /** The backing directory. */
  public Path backing() {
    return backing;
  }

  @Override
  public Set<Operation> supportedOperations() {
    return SUPPORTED;
  }

  /** The backing-relative form of a mount path: the same bytes after '/', or "." for the root. */
  private static Pointer rel(Pointer path) {
    return path.getByte(1) == 0 ? DOT : path.share(1);
  }

  private static int fd(Pointer fi) {
    return (int) FileInfo.fh(fi);
  }

  @Override
  public void init(Pointer conn, Pointer config) {
    // fh-based requests need no path: libfuse skips resolving it. hard_remove stays off so that
    // files unlinked while open stay reachable (see HiddenFiles).
    config.setInt(Layout.CFG_NULLPATH_OK, 1);
    // st_ino from the backing file, so that hard links show one inode number as they do there.
    config.setInt(Layout.CFG_USE_INO, 1);
    // libfuse's high-level API gives each name its own kernel inode, so the attributes the kernel
    // caches for one name of a hard-linked file go stale when the file changes through another:
    // never cache attributes (a stat costs a request). Without caching, AUTO_INVAL_DATA would make
    // every read(2) ask for attributes first; pages are still dropped at every open.
    config.setDouble(Layout.CFG_ATTR_TIMEOUT, 0.0);
    conn.setInt(Layout.CONN_WANT, conn.getInt(Layout.CONN_WANT) & ~Layout.CAP_AUTO_INVAL_DATA);
  }

  @Override
  public int getattr(Pointer path, Pointer stat, Pointer fi) {
    if (fi != null) {
      return LibC.check(LibC.fstat(fd(fi), stat));
    }
    String h = hidden.procPath(path);
    if (h != null) {
      return hidden.fstat(h, stat);
    }
    return LibC.check(LibC.fstatat(rootFd, rel(path), stat, LibC.AT_SYMLINK_NOFOLLOW));
  }

  @Override
  public int readlink(Pointer path, Pointer buf, long size) {
    long n = LibC.readlinkat(rootFd, rel(path), buf, size - 1);
    if (n < 0) {
      return -LibC.errno();
    }
    buf.setByte(n, (byte) 0);
    return 0;
  }

  @Override
  public int mknod(Pointer path, int mode, long rdev) {
    int r = LibC.mknodat(rootFd, rel(path), mode, rdev);
    if (r < 0) {
      return -LibC.errno();
    }
    return exactMode(path, mode);
  }

  @Override
  public int mkdir(Pointer path, int mode) {
    int r = LibC.mkdirat(rootFd, rel(path), mode);
    if (r < 0) {
      return -LibC.errno();
    }
    return exactMode(path, mode);
  }

  private int exactMode(Pointer path, int mode) {
    int perm = mode & 07777;
    if ((perm & ~umask) != perm) {
      return LibC.check(LibC.fchmodat(rootFd, rel(path), perm, 0));
    }
    return 0;
  }

  @Override
  public int unlink(Pointer path) {
    if (!hidden.isEmpty() && hidden.forget(NativeStrings.string(path))) {
      return 0;
    }
    return LibC.check(LibC.unlinkat(rootFd, rel(path), 0));
  }

  @Override
  public int rmdir(Pointer path) {
    return LibC.check(LibC.unlinkat(rootFd, rel(path), LibC.AT_REMOVEDIR));
  }

  @Override
  public int symlink(Pointer target, Pointer linkPath) {
    return LibC.check(LibC.symlinkat(target, rootFd, rel(linkPath)));
  }

  @Override
  public int rename(Pointer from, Pointer to, int flags) {
    if (flags == 0) {
      String target = NativeStrings.string(to);
      if (HiddenFiles.isHiddenName(target)) {
        return hidden.hide(rootFd, from, rel(from), target);
      }
    }
    return LibC.check(LibC.renameat2(rootFd, rel(from), rootFd, rel(to), flags));
  }

  @Override
  public int link(Pointer from, Pointer to) {
    return LibC.check(LibC.linkat(rootFd, rel(from), rootFd, rel(to), 0));
  }

  @Override
  public int chmod(Pointer path, int mode, Pointer fi) {
    if (fi != null) {
      return LibC.check(LibC.fchmod(fd(fi), mode));
    }
    String h = hidden.procPath(path);
    if (h != null) {
      return LibC.check(LibC.fchmodat(LibC.AT_FDCWD, HiddenFiles.cString(h), mode, 0));
    }
    return LibC.check(LibC.fchmodat(rootFd, rel(path), mode, 0));
  }

  @Override
  public int chown(Pointer path, int uid, int gid, Pointer fi) {
    if (fi != null) {
      return LibC.check(LibC.fchown(fd(fi), uid, gid));
    }
    String h = hidden.procPath(path);
    if (h != null) {
      return LibC.check(LibC.fchownat(LibC.AT_FDCWD, HiddenFiles.cString(h), uid, gid, 0));
    }
    return LibC.check(LibC.fchownat(rootFd, rel(path), uid, gid, LibC.AT_SYMLINK_NOFOLLOW));
  }

  @Override
  public int truncate(Pointer path, long size, Pointer fi) {
    if (fi != null) {
      return LibC.check(LibC.ftruncate(fd(fi), size));
    }
    String h = hidden.procPath(path);
    int fd =
        h != null
            ? LibC.openat(LibC.AT_FDCWD, h, LibC.O_WRONLY | LibC.O_CLOEXEC, 0)
            : LibC.openat(rootFd, rel(path), LibC.O_WRONLY | LibC.O_CLOEXEC, 0);
    if (fd < 0) {
      return -LibC.errno();
    }
    int r = LibC.check(LibC.ftruncate(fd, size));
    LibC.close(fd);
    return r;
  }

  @Override
  public int open(Pointer path, Pointer fi) {
    int flags = (FileInfo.flags(fi) & ~OPEN_STRIP) | LibC.O_CLOEXEC;
    String h = hidden.procPath(path);
    int fd =
        h != null
            ? LibC.openat(LibC.AT_FDCWD, h, flags, 0)
            : LibC.openat(rootFd, rel(path), flags, 0);
    if (fd < 0) {
      return -LibC.errno();
    }
    FileInfo.setFh(fi, fd);
    return 0;
  }

  @Override
  public int create(Pointer path, int mode, Pointer fi) {
    int requested = FileInfo.flags(fi);
    int flags = (requested & ~OPEN_STRIP) | LibC.O_CLOEXEC;
    int perm = mode & 07777;
    int fd = LibC.openat(rootFd, rel(path), flags | LibC.O_CREAT | LibC.O_EXCL, perm);
    boolean created = fd >= 0;
    if (!created) {
      int err = LibC.errno();
      if (err != Errno.EEXIST || (requested & LibC.O_EXCL) != 0) {
        return -err;
      }
      fd = LibC.openat(rootFd, rel(path), flags, 0);
      if (fd < 0) {
        return -LibC.errno();
      }
    }
    if (created && (perm & ~umask) != perm && LibC.fchmod(fd, perm) < 0) {
      int err = LibC.errno();
      LibC.close(fd);
      return -err;
    }
    FileInfo.setFh(fi, fd);
    return 0;
  }

  @Override
  public int read(Pointer path, Pointer buf, long size, long offset, Pointer fi) {
    return (int) LibC.check(LibC.pread(fd(fi), buf, size, offset));
  }

  @Override
  public int write(Pointer path, Pointer buf, long size, long offset, Pointer fi) {
    return (int) LibC.check(LibC.pwrite(fd(fi), buf, size, offset));
  }

  @Override
  public int statfs(Pointer path, Pointer statvfs) {
    return LibC.check(LibC.fstatvfs(rootFd, statvfs));
  }

  @Override
  public int flush(Pointer path, Pointer fi) {
    // What close(2) of one descriptor does to the backing file: close a duplicate.
    int dup = LibC.dup(fd(fi));
    if (dup < 0) {
      return -LibC.errno();
    }
    return LibC.check(LibC.close(dup));
  }

  @Override
  public int release(Pointer path, Pointer fi) {
    return LibC.check(LibC.close(fd(fi)));
  }

  @Override
  public int fsync(Pointer path, int datasync, Pointer fi) {
    return LibC.check(datasync != 0 ? LibC.fdatasync(fd(fi)) : LibC.fsync(fd(fi)));
  }

  /**
   * {@code /proc/self/fd/ROOT} followed by the exact bytes of {@code path}, in this thread's
   * buffer: the xattr calls have no {@code *at} form.
   */
  private Pointer procPath(Pointer path) {
    byte[] rel = NativeStrings.bytes(path);
    byte[] root = procRootBytes;
    long n = root.length + rel.length + 1L;
    Memory m = n <= 8192 ? procBuf.get() : new Memory(n);
    m.write(0, root, 0, root.length);
    m.write(root.length, rel, 0, rel.length);
    m.setByte(root.length + rel.length, (byte) 0);
    return m;
  }

  @Override
  public int setxattr(Pointer path, Pointer name, Pointer value, long size, int flags) {
    return LibC.check(LibC.lsetxattr(procPath(path), name, value, size, flags));
  }

  @Override
  public int getxattr(Pointer path, Pointer name, Pointer value, long size) {
    return (int) LibC.check(LibC.lgetxattr(procPath(path), name, value, size));
  }

  @Override
  public int listxattr(Pointer path, Pointer list, long size) {
    return (int) LibC.check(LibC.llistxattr(procPath(path), list, size));
  }

  @Override
  public int removexattr(Pointer path, Pointer name) {
    return LibC.check(LibC.lremovexattr(procPath(path), name));
  }

  @Override
  public int opendir(Pointer path, Pointer fi) {
    int fd = LibC.openat(rootFd, rel(path), LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
    if (fd < 0) {
      return -LibC.errno();
    }
    FileInfo.setFh(fi, fd);
    return 0;
  }

  @Override
  public int readdir(Pointer path, DirFiller filler, long offset, Pointer fi, int flags) {
    int dup = LibC.dup(fd(fi));
    if (dup < 0) {
      return -LibC.errno();
    }
    Pointer dir = LibC.fdopendir(dup);
    if (dir == null) {
      int err = LibC.errno();
      LibC.close(dup);
      return -err;
    }
    try {
      LibC.rewinddir(dir);
      Memory st = scratch.get();
      st.clear(Layout.STAT_SIZE);
      for (Pointer ent = LibC.readdir(dir); ent != null; ent = LibC.readdir(dir)) {
        st.setLong(Layout.ST_INO, ent.getLong(Layout.DIRENT_INO));
        st.setInt(Layout.ST_MODE, (ent.getByte(Layout.DIRENT_TYPE) & 0xff) << 12);
        if (!filler.fill(ent.share(Layout.DIRENT_NAME), st)) {
          break;
        }
      }
      return 0;
    } finally {
      LibC.closedir(dir);
    }
  }

  @Override
  public int releasedir(Pointer path, Pointer fi) {
    return LibC.check(LibC.close(fd(fi)));
  }

  @Override
  public int fsyncdir(Pointer path, int datasync, Pointer fi) {
    return LibC.check(datasync != 0 ? LibC.fdatasync(fd(fi)) : LibC.fsync(fd(fi)));
  }

  @Override
  public int access(Pointer path, int mask) {
    return LibC.check(LibC.faccessat(rootFd, rel(path), mask, 0));
  }

  @Override
  public int utimens(Pointer path, Pointer times, Pointer fi) {
    if (fi != null) {
      return LibC.check(LibC.futimens(fd(fi), times));
    }
    String h = hidden.procPath(path);
    if (h != null) {
      return LibC.check(LibC.utimensat(LibC.AT_FDCWD, HiddenFiles.cString(h), times, 0));
    }
    return LibC.check(LibC.utimensat(rootFd, rel(path), times, LibC.AT_SYMLINK_NOFOLLOW));
  }

  @Override
  public int fallocate(Pointer path, int mode, long offset, long length, Pointer fi) {
    return LibC.check(LibC.fallocate(fd(fi), mode, offset, length));
  }

  @Override
  public long copyFileRange(
      Pointer pathIn,
      Pointer fiIn,
      long offsetIn,
      Pointer pathOut,
      Pointer fiOut,
      long offsetOut,
      long length,
      int flags) {
    Memory offsets = scratch.get();
    offsets.setLong(0, offsetIn);
    offsets.setLong(8, offsetOut);
    return LibC.check(
        LibC.copy_file_range(fd(fiIn), offsets, fd(fiOut), offsets.share(8), length, flags));
  }

  @Override
  public long lseek(Pointer path, long offset, int whence, Pointer fi) {
    return LibC.check(LibC.lseek(fd(fi), offset, whence));
  }

  /** Closes the backing directory descriptor (after the file system was unmounted). */
  @Override
  public void close() {
    hidden.closeAll();
    LibC.close(rootFd);
  }

  private static int processUmask() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("Umask:")) {
        return Integer.parseInt(line.substring(6).trim(), 8);
      }
    }
    return 022;
  }
}
