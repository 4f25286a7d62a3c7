package dev.blackout.fuse;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.blackout.core.trace.RawNames;
import dev.blackout.fuse.internal.Layout;
import dev.blackout.fuse.internal.LibC;
import dev.blackout.fuse.internal.NativeStrings;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the recorder promises to rebuild about a tree (docs/recorder.md, "What is rebuilt"),
 * one line per path below the root, read through directory descriptors with names as bytes (so
 * names that are not UTF-8 and trees deeper than 4 KiB are seen): type, permission bits, owner,
 * link count and hard-link group, size and content (non-zero 4 KiB blocks, so holes and written
 * zeros compare alike), symlink target, device number, {@code user.*} xattrs, and the mtime of
 * regular files and directories (a symlink's to the microsecond). Atimes and ctimes are left out
 * (never rebuilt).
 */
final class RawTree {
  private RawTree() {}

  /** What {@link #of} found: the lines, and the paths of devices and sockets. */
  record Snapshot(TreeMap<String, String> lines, List<String> devices) {}

  private static final int SEEK_DATA = 3;
  private static final int SEEK_HOLE = 4;

  static Snapshot of(Path root, boolean owners) throws IOException {
    int fd = LibC.openat(LibC.AT_FDCWD, root.toString(), LibC.O_RDONLY | LibC.O_DIRECTORY, 0);
    if (fd < 0) {
      throw new IOException("cannot open " + root + ": errno " + LibC.errno());
    }
    TreeMap<String, String> out = new TreeMap<>();
    List<String> devices = new ArrayList<>();
    Map<String, String> groups = new HashMap<>();
    try {
      walk(fd, "", out, devices, groups, owners);
    } finally {
      LibC.close(fd);
    }
    // hard-link groups by their first path in sorted order
    Map<String, String> first = new HashMap<>();
    for (Map.Entry<String, String> e : new TreeMap<>(groups).entrySet()) {
      String f = first.computeIfAbsent(e.getValue(), k -> e.getKey());
      if (!f.equals(e.getKey())) {
        out.put(e.getKey(), out.get(e.getKey()) + " link-of " + f);
      }
    }
    return new Snapshot(out, devices);
  }

  private static void walk(
      int dir,
      String rel,
      TreeMap<String, String> out,
      List<String> devices,
      Map<String, String> groups,
      boolean owners)
      throws IOException {
    Memory st = new Memory(Layout.STAT_SIZE);
    for (byte[] raw : names(dir)) {
      String name = RawNames.decode(raw);
      String path = (rel.isEmpty() ? "" : rel + "/") + RawNames.printable(name);
      Memory n = RawFs.path(name);
      if (LibC.fstatat(dir, n, st, LibC.AT_SYMLINK_NOFOLLOW) < 0) {
        throw new IOException("stat " + path + ": errno " + LibC.errno());
      }
      int mode = st.getInt(Layout.ST_MODE);
      int type = mode & 0170000;
      StringBuilder line = new StringBuilder();
      String key = st.getLong(Layout.ST_DEV) + ":" + st.getLong(Layout.ST_INO);
      long mtime = st.getLong(Layout.ST_MTIM) * 1_000_000_000L + st.getLong(Layout.ST_MTIM + 8);
      String perms = Integer.toOctalString(mode & 07777);
      String owner = owners ? " owner " + st.getInt(Layout.ST_UID) + ":" + st.getInt(Layout.ST_GID) : "";
      String links = " nlink " + st.getLong(Layout.ST_NLINK);
      switch (type) {
        case 0040000 -> {
          line.append("DIR ").append(perms).append(owner).append(links).append(" mtime ").append(mtime);
          line.append(xattrs(dir, name));
          out.put(path, line.toString());
          int sub = LibC.openat(dir, n, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_NOFOLLOW, 0);
          if (sub < 0) {
            throw new IOException("open " + path + ": errno " + LibC.errno());
          }
          try {
            walk(sub, path, out, devices, groups, owners);
          } finally {
            LibC.close(sub);
          }
          continue;
        }
        case 0100000 -> {
          line.append("FILE ").append(perms).append(owner).append(links)
              .append(" size ").append(st.getLong(Layout.ST_SIZE))
              .append(" content ").append(content(dir, n, path))
              .append(" mtime ").append(mtime).append(xattrs(dir, name));
        }
        case 0120000 -> {
          Memory buf = new Memory(4097);
          long len = LibC.readlinkat(dir, n, buf, 4096);
          line.append("LINK -> ").append(RawNames.printable(RawNames.decode(buf.getByteArray(0, (int) len))))
              .append(owner).append(links)
              // Java sets a symlink's times with lutimes(3): microseconds (documented)
              .append(" mtime ").append(mtime / 1000 * 1000);
        }
        case 0010000 -> line.append("FIFO ").append(perms).append(owner).append(links)
            .append(" mtime ").append(mtime);
        default -> {
          devices.add(path);
          continue; // devices and sockets are never materialized (documented)
        }
      }
      out.put(path, line.toString());
      groups.put(path, key);
    }
  }

  private static String xattrs(int dir, String name) {
    Memory p = RawFs.procPath(dir, name);
    Memory list = new Memory(65536);
    long n = LibC.llistxattr(p, list, list.size());
    if (n <= 0) {
      return "";
    }
    TreeMap<String, String> xs = new TreeMap<>();
    byte[] all = list.getByteArray(0, (int) n);
    int start = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] == 0) {
        String x = new String(all, start, i - start, java.nio.charset.StandardCharsets.UTF_8);
        start = i + 1;
        if (!x.startsWith("user.")) {
          continue;
        }
        Memory v = new Memory(65536);
        long vn = LibC.lgetxattr(p, RawFs.path(x), v, v.size());
        xs.put(x, vn < 0 ? "?" : HexFormat.of().formatHex(v.getByteArray(0, (int) vn)));
      }
    }
    return xs.isEmpty() ? "" : " xattrs " + xs;
  }

  /** A digest of the non-zero 4 KiB blocks with their numbers, read by data segments only. */
  private static String content(int dir, Memory name, String path) throws IOException {
    int fd = LibC.openat(dir, name, LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
    if (fd < 0) {
      throw new IOException("open " + path + ": errno " + LibC.errno());
    }
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    Memory buf = new Memory(1 << 20);
    byte[] zero = new byte[4096];
    try {
      long pos = 0;
      while (true) {
        long data = LibC.lseek(fd, pos, SEEK_DATA);
        if (data < 0) {
          break; // ENXIO: no data past pos
        }
        long hole = LibC.lseek(fd, data, SEEK_HOLE);
        long at = data / 4096 * 4096;
        while (at < hole) {
          long n = LibC.pread(fd, buf, Math.min(buf.size(), hole - at + 4095 & ~4095L), at);
          if (n <= 0) {
            break;
          }
          byte[] b = buf.getByteArray(0, (int) n);
          for (int off = 0; off < n; off += 4096) {
            int len = (int) Math.min(4096, n - off);
            byte[] block = Arrays.copyOfRange(b, off, off + len);
            if (!Arrays.equals(block, 0, len, zero, 0, len)) {
              md.update(Long.toString((at + off) / 4096).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
              md.update(block);
            }
          }
          at += n;
        }
        pos = Math.max(hole, at);
      }
    } finally {
      LibC.close(fd);
    }
    return HexFormat.of().formatHex(md.digest()).substring(0, 16);
  }

  private static List<byte[]> names(int dir) throws IOException {
    int dup = LibC.dup(dir);
    Pointer d = LibC.fdopendir(dup);
    if (d == null) {
      throw new IOException("fdopendir: errno " + LibC.errno());
    }
    List<byte[]> out = new ArrayList<>();
    try {
      LibC.rewinddir(d);
      for (Pointer e = LibC.readdir(d); e != null; e = LibC.readdir(d)) {
        byte[] n = NativeStrings.bytes(e.share(Layout.DIRENT_NAME));
        if (!(n.length == 1 && n[0] == '.') && !(n.length == 2 && n[0] == '.' && n[1] == '.')) {
          out.add(n);
        }
      }
    } finally {
      LibC.closedir(d);
    }
    return out;
  }
}
