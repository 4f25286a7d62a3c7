package dev.blackout.fuse;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.blackout.fuse.internal.LibC;
import dev.blackout.fuse.internal.NativeStrings;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files unlinked while open. libfuse's high-level API cannot reach an unlinked inode by path, and
 * the kernel sends fstat as a GETATTR without a handle, so libfuse (with {@code hard_remove} off)
 * renames such a file to {@code .fuse_hiddenXXXX} and unlinks that name at the last close. The
 * passthrough turns that rename into a real unlink of the backing name, keeping an {@code O_PATH}
 * descriptor of the inode under the hidden name: the backing directory then looks exactly like a
 * plain directory (no stray entries, rmdir works), and the few by-path requests libfuse still makes
 * on the hidden name are served through {@code /proc/self/fd}.
 *
 * <p>libfuse hides an open file the same way before a rename onto its name (with any flags but
 * RENAME_EXCHANGE), and then calls the rename. Unlinking the name there would change what the
 * workload sees whenever the rename then does not replace it: a rename between two links of one
 * file (rename(2) does nothing, so both names must stay) or a rename the backing file system
 * refuses. When the caller is in a rename ({@link CallerSyscall}), the name is therefore only
 * {@linkplain #hold held} (the O_PATH descriptor, no unlink), and the rename that follows on the
 * same thread does on the backing directory exactly what rename(2) does. If that rename fails,
 * libfuse still has the file under the hidden name, while the kernel keeps it under its own name:
 * the hidden name then stays served for good (it is {@linkplain #keep kept}).
 */
final class HiddenFiles {
  static final String PREFIX = ".fuse_hidden";

  /**
   * By hidden name, without the directory: libfuse makes each hidden name unique in the mount
   * ({@code .fuse_hidden} + node id + a counter), and asks for it under its directory's path of
   * the moment, which changes when that directory is renamed.
   */
  private final ConcurrentHashMap<String, Integer> byPath = new ConcurrentHashMap<>();
  /** Hidden names whose file kept its name (a rename onto it failed): never forgotten. */
  private final java.util.Set<String> kept = ConcurrentHashMap.newKeySet();

  /** True when the last component of {@code path} is one of libfuse's hidden names. */
  static boolean isHiddenName(String path) {
    int slash = path.lastIndexOf('/');
    return path.startsWith(PREFIX, slash + 1);
  }

  /** The last component of {@code path}. */
  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  boolean isEmpty() {
    return byPath.isEmpty();
  }

  /** The magic /proc path of a hidden file, or null when {@code path} is not one. */
  String procPath(Pointer path) {
    if (byPath.isEmpty() || path == null) {
      return null;
    }
    String p = NativeStrings.string(path);
    if (!isHiddenName(p)) {
      return null;
    }
    Integer fd = byPath.get(name(p));
    return fd == null ? null : "/proc/self/fd/" + fd;
  }

  /** Hides {@code from} under {@code hiddenPath}: keeps an O_PATH descriptor, unlinks the name. */
  int hide(int rootFd, Pointer fromRel, String hiddenPath) {
    int fd = LibC.openat(rootFd, fromRel, LibC.O_PATH | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
    if (fd < 0) {
      return -LibC.errno();
    }
    if (LibC.unlinkat(rootFd, fromRel, 0) < 0) {
      int err = LibC.errno();
      LibC.close(fd);
      return -err;
    }
    Integer old = byPath.put(name(hiddenPath), fd);
    if (old != null) {
      LibC.close(old);
    }
    return 0;
  }

  /**
   * Holds {@code from} under {@code hiddenPath} for the rename onto it that follows: keeps an
   * O_PATH descriptor, leaves the name.
   */
  int hold(int rootFd, Pointer fromRel, String hiddenPath) {
    int fd = LibC.openat(rootFd, fromRel, LibC.O_PATH | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
    if (fd < 0) {
      return -LibC.errno();
    }
    Integer old = byPath.put(name(hiddenPath), fd);
    if (old != null) {
      LibC.close(old);
    }
    return 0;
  }

  /** A held file whose rename failed: it keeps its name, and libfuse reaches it as hiddenPath. */
  void keep(String hiddenPath) {
    if (byPath.containsKey(name(hiddenPath))) {
      kept.add(name(hiddenPath));
    }
  }

  /**
   * Forgets a hidden file (libfuse's unlink of the hidden name at the last close); true when
   * {@code path} is one (nothing to unlink then). A kept one stays served: the kernel may still
   * reach the file by its own name through libfuse's node of the hidden name.
   */
  boolean forget(String path) {
    if (kept.contains(name(path))) {
      return true;
    }
    Integer fd = byPath.remove(name(path));
    if (fd == null) {
      return false;
    }
    LibC.close(fd);
    return true;
  }

  int fstat(String procPath, Pointer stat) {
    return LibC.check(LibC.fstatat(LibC.AT_FDCWD, procPath, stat, 0));
  }

  static Memory cString(String s) {
    byte[] b = dev.blackout.core.trace.RawNames.encode(s);
    Memory m = new Memory(b.length + 1L);
    m.write(0, b, 0, b.length);
    m.setByte(b.length, (byte) 0);
    return m;
  }

  void closeAll() {
    byPath.values().forEach(LibC::close);
    byPath.clear();
    kept.clear();
  }
}
