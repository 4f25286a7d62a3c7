package dev.blackout.fuse;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.blackout.fuse.internal.Errno;
import dev.blackout.fuse.internal.Layout;
import dev.blackout.fuse.internal.LibC;
import dev.blackout.fuse.internal.LibFuse;
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
  private final byte[] rootProcPrefix;
  private final int umask;
  private final HiddenFiles hidden = new HiddenFiles();
  private final ThreadLocal<Memory> scratch = ThreadLocal.withInitial(() -> new Memory(4096));
  private final ThreadLocal<Memory> ownerScratch =
      ThreadLocal.withInitial(() -> new Memory(Layout.STAT_SIZE + 4096));
  private final int euid = LibC.geteuid();
  private final int egid = LibC.getegid();

  private PassthroughFileSystem(Path backing, int rootFd, int umask) {
    this.backing = backing;
    this.rootFd = rootFd;
    this.umask = umask;
    this.rootProcPrefix = procPrefix(rootFd);
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

  /** A call relative to a directory descriptor. */
  @FunctionalInterface
  private interface AtCall {
    int call(int dir, Pointer rel);
  }

  /** Longest relative path handed to the kernel in one call (its limit is 4096 with the NUL). */
  private static final int SHORT = 3072;

  /**
   * Runs {@code call} with a directory descriptor and a path relative to it for mount path {@code
   * path}: the backing root and the path itself, or, for a path the kernel would refuse as too long
   * (a tree deeper than 4 KiB), a descriptor of a directory far enough down (opened step by step,
   * {@link #SHORT} bytes at a time) and the rest of the path.
   */
  private int at(Pointer path, AtCall call) {
    long n = path.indexOf(0, (byte) 0);
    if (n <= SHORT) {
      return call.call(rootFd, rel(path));
    }
    byte[] b = path.getByteArray(1, (int) n - 1);
    int dir = rootFd;
    int from = 0;
    try {
      while (b.length - from > SHORT) {
        int cut = from + SHORT;
        while (cut > from && b[cut] != '/') {
          cut--;
        }
        if (cut == from) {
          return -Errno.ENAMETOOLONG;
        }
        Memory step = new Memory(cut - from + 1L);
        step.write(0, b, from, cut - from);
        step.setByte(cut - from, (byte) 0);
        int next = LibC.openat(dir, step, LibC.O_PATH | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        if (next < 0) {
          return -LibC.errno();
        }
        if (dir != rootFd) {
          LibC.close(dir);
        }
        dir = next;
        from = cut + 1;
      }
      Memory rest = new Memory(b.length - from + 1L);
      rest.write(0, b, from, b.length - from);
      rest.setByte(b.length - from, (byte) 0);
      return call.call(dir, rest);
    } finally {
      if (dir != rootFd) {
        LibC.close(dir);
      }
    }
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
    return at(path, (d, r) -> LibC.check(LibC.fstatat(d, r, stat, LibC.AT_SYMLINK_NOFOLLOW)));
  }

  @Override
  public int readlink(Pointer path, Pointer buf, long size) {
    return at(path, (d, r) -> {
      long n = LibC.readlinkat(d, r, buf, size - 1);
      if (n < 0) {
        return -LibC.errno();
      }
      buf.setByte(n, (byte) 0);
      return 0;
    });
  }

  @Override
  public int mknod(Pointer path, int mode, long rdev) {
    int r = at(path, (d, rel) ->
        LibC.mknodat(d, rel, mode, rdev) < 0 ? -LibC.errno() : exactMode(d, rel, mode));
    return r == 0 ? giveToCaller(path, -1, mode) : r;
  }

  @Override
  public int mkdir(Pointer path, int mode) {
    int r = at(path, (d, rel) ->
        LibC.mkdirat(d, rel, mode) < 0 ? -LibC.errno() : exactMode(d, rel, mode));
    return r == 0 ? giveToCaller(path, -1, mode) : r;
  }

  /**
   * Gives a new inode to the process that asked for it. With {@code allow_other} other users'
   * processes create through this passthrough, but the backing inode is made with this process's
   * ids; as root, chown it to the caller's uid and gid as the kernel would have made it (the group
   * of a setgid parent stays, as it was inherited). Without root the inode stays this user's (a
   * documented FUSE limit). {@code fd} is the new file's descriptor, or -1 to go by path; setuid
   * and setgid bits of {@code mode}, which a chown clears, are set again.
   */
  private int giveToCaller(Pointer path, int fd, int mode) {
    if (euid != 0) {
      return 0;
    }
    Pointer ctx = LibFuse.fuse_get_context();
    if (ctx == null) {
      return 0;
    }
    int uid = ctx.getInt(Layout.CTX_UID);
    int gid = ctx.getInt(Layout.CTX_GID);
    if (uid == euid && gid == egid) {
      return 0;
    }
    if (parentIsSetgid(path)) {
      gid = -1;
    }
    int owner = uid;
    int group = gid;
    int r =
        fd >= 0
            ? LibC.check(LibC.fchown(fd, owner, group))
            : at(path, (d, rel) ->
                LibC.check(LibC.fchownat(d, rel, owner, group, LibC.AT_SYMLINK_NOFOLLOW)));
    if (r == 0 && (mode & 06000) != 0) {
      r =
          fd >= 0
              ? LibC.check(LibC.fchmod(fd, mode & 07777))
              : at(path, (d, rel) -> LibC.check(LibC.fchmodat(d, rel, mode & 07777, 0)));
    }
    return r;
  }

  /** Whether the directory {@code path} (a mount path) was created in has the setgid bit. */
  private boolean parentIsSetgid(Pointer path) {
    Memory buf = ownerScratch.get();
    byte[] bytes = NativeStrings.bytes(path);
    int slash = bytes.length - 1;
    while (slash > 0 && bytes[slash] != '/') {
      slash--;
    }
    int r;
    if (slash <= 0) {
      r = LibC.fstat(rootFd, buf);
    } else {
      Memory parent = new Memory(slash + 1L); // the mount path of the parent, any length
      parent.write(0, bytes, 0, slash);
      parent.setByte(slash, (byte) 0);
      r = at(parent, (d, rel) -> LibC.fstatat(d, rel, buf, 0));
    }
    return r == 0 && (buf.getInt(Layout.ST_MODE) & 02000) != 0;
  }

  private int exactMode(int dir, Pointer rel, int mode) {
    int perm = mode & 07777;
    if ((perm & ~umask) != perm) {
      return LibC.check(LibC.fchmodat(dir, rel, perm, 0));
    }
    return 0;
  }

  @Override
  public int unlink(Pointer path) {
    if (!hidden.isEmpty() && hidden.forget(NativeStrings.string(path))) {
      return 0;
    }
    return at(path, (d, r) -> LibC.check(LibC.unlinkat(d, r, 0)));
  }

  @Override
  public int rmdir(Pointer path) {
    return at(path, (d, r) -> LibC.check(LibC.unlinkat(d, r, LibC.AT_REMOVEDIR)));
  }

  @Override
  public int symlink(Pointer target, Pointer linkPath) {
    int r = at(linkPath, (d, rel) -> LibC.check(LibC.symlinkat(target, d, rel)));
    return r == 0 ? giveToCaller(linkPath, -1, 0) : r;
  }

  /** The hiding before a rename this thread is in (see {@link HiddenFiles}): {dst, hidden}. */
  private final ThreadLocal<String[]> heldForRename = new ThreadLocal<>();

  @Override
  public int rename(Pointer from, Pointer to, int flags) {
    String[] held = heldForRename.get();
    heldForRename.remove();
    if (flags == 0) {
      String target = NativeStrings.string(to);
      if (HiddenFiles.isHiddenName(target)) {
        Pointer ctx = LibFuse.fuse_get_context();
        if (ctx != null && CallerSyscall.inRename(ctx.getInt(Layout.CTX_PID))) {
          String name = NativeStrings.string(from);
          int r = at(from, (d, rel) -> hidden.hold(d, rel, target));
          if (r == 0) {
            heldForRename.set(new String[] {name, target});
          }
          return r;
        }
        return at(from, (d, r) -> hidden.hide(d, r, target));
      }
    }
    int r = at(from, (d1, r1) ->
        at(to, (d2, r2) -> LibC.check(LibC.renameat2(d1, r1, d2, r2, flags))));
    if (r != 0 && held != null && held[0].equals(NativeStrings.string(to))) {
      hidden.keep(held[1]);
    }
    return r;
  }

  @Override
  public int link(Pointer from, Pointer to) {
    return at(from, (d1, r1) -> at(to, (d2, r2) -> LibC.check(LibC.linkat(d1, r1, d2, r2, 0))));
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
    return at(path, (d, r) -> LibC.check(LibC.fchmodat(d, r, mode, 0)));
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
    return at(path,
        (d, r) -> LibC.check(LibC.fchownat(d, r, uid, gid, LibC.AT_SYMLINK_NOFOLLOW)));
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
            : at(path, (d, r) -> openOrErr(d, r, LibC.O_WRONLY | LibC.O_CLOEXEC, 0));
    if (fd < 0) {
      return h != null ? -LibC.errno() : fd;
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
            : at(path, (d, r) -> openOrErr(d, r, flags, 0));
    if (fd < 0) {
      return h != null ? -LibC.errno() : fd;
    }
    FileInfo.setFh(fi, fd);
    return 0;
  }

  /** openat: the descriptor, or -errno. */
  private static int openOrErr(int dir, Pointer rel, int flags, int mode) {
    int fd = LibC.openat(dir, rel, flags, mode);
    return fd >= 0 ? fd : -LibC.errno();
  }

  @Override
  public int create(Pointer path, int mode, Pointer fi) {
    int requested = FileInfo.flags(fi);
    int flags = (requested & ~OPEN_STRIP) | LibC.O_CLOEXEC;
    int perm = mode & 07777;
    int fd = at(path, (d, r) -> openOrErr(d, r, flags | LibC.O_CREAT | LibC.O_EXCL, perm));
    boolean created = fd >= 0;
    if (!created) {
      int err = -fd;
      if (err != Errno.EEXIST || (requested & LibC.O_EXCL) != 0) {
        return -err;
      }
      fd = at(path, (d, r) -> openOrErr(d, r, flags, 0));
      if (fd < 0) {
        return fd;
      }
    }
    if (created && (perm & ~umask) != perm && LibC.fchmod(fd, perm) < 0) {
      int err = LibC.errno();
      LibC.close(fd);
      return -err;
    }
    int owned = created ? giveToCaller(path, fd, perm) : 0;
    if (owned < 0) {
      LibC.close(fd);
      return owned;
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

  /** Room for {@code /proc/self/fd/N/} and any relative path {@link #at} hands out. */
  private static final int PROC_PATH_MAX = SHORT + 64;

  private final ThreadLocal<Memory> procBuf =
      ThreadLocal.withInitial(() -> new Memory(PROC_PATH_MAX));

  /**
   * {@code /proc/self/fd/DIR/} followed by the exact bytes of {@code path}, in this thread's buffer
   * (valid until this thread's next call): the xattr calls have no {@code *at} form. The kernel
   * asks for {@code security.capability} before every write(2), so this runs once per write and
   * allocates nothing native.
   */
  private Pointer procPath(int dir, Pointer relPath) {
    byte[] rel = NativeStrings.bytes(relPath);
    byte[] root = dir == rootFd ? rootProcPrefix : procPrefix(dir);
    long need = root.length + rel.length + 1L;
    Memory m = need <= PROC_PATH_MAX ? procBuf.get() : new Memory(need);
    m.write(0, root, 0, root.length);
    m.write(root.length, rel, 0, rel.length);
    m.setByte(root.length + rel.length, (byte) 0);
    return m;
  }

  private static byte[] procPrefix(int dir) {
    return ("/proc/self/fd/" + dir + "/").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  @Override
  public int setxattr(Pointer path, Pointer name, Pointer value, long size, int flags) {
    return at(path, (d, r) -> LibC.check(LibC.lsetxattr(procPath(d, r), name, value, size, flags)));
  }

  @Override
  public int getxattr(Pointer path, Pointer name, Pointer value, long size) {
    return at(path, (d, r) -> (int) LibC.check(LibC.lgetxattr(procPath(d, r), name, value, size)));
  }

  @Override
  public int listxattr(Pointer path, Pointer list, long size) {
    return at(path, (d, r) -> (int) LibC.check(LibC.llistxattr(procPath(d, r), list, size)));
  }

  @Override
  public int removexattr(Pointer path, Pointer name) {
    return at(path, (d, r) -> LibC.check(LibC.lremovexattr(procPath(d, r), name)));
  }

  @Override
  public int opendir(Pointer path, Pointer fi) {
    int fd = at(path,
        (d, r) -> openOrErr(d, r, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0));
    if (fd < 0) {
      return fd;
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
    return at(path, (d, r) -> LibC.check(LibC.faccessat(d, r, mask, 0)));
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
    return at(path,
        (d, r) -> LibC.check(LibC.utimensat(d, r, times, LibC.AT_SYMLINK_NOFOLLOW)));
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
