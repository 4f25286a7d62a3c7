package dev.blackout.fuse;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.RawNames;
import dev.blackout.core.trace.TraceWriter;
import dev.blackout.fuse.internal.Layout;
import dev.blackout.fuse.internal.LibC;
import dev.blackout.fuse.internal.NativeStrings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams the backing directory into the trace as its initial image, assigning recorder inode ids
 * as it goes (root first, parents before children, names sorted by their bytes; hard links share
 * an id and only the first carries content, which is streamed from the file, never loaded).
 *
 * <p>The walk goes from directory descriptor to directory descriptor ({@code openat}, {@code
 * fstatat}, {@code readlinkat} relative to the directory), so names are kept as their exact bytes
 * ({@link RawNames}) and trees deeper than the kernel's 4 KiB path limit are captured whole.
 */
final class ImageCapture {
  private ImageCapture() {}

  private static final int DIR_FLAGS =
      LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC;

  static void capture(Path root, InodeTable inodes, TraceWriter writer) throws IOException {
    int fd = LibC.openat(LibC.AT_FDCWD, root.toString(), DIR_FLAGS, 0);
    if (fd < 0) {
      throw new IOException("cannot open backing directory " + root + ": errno " + LibC.errno());
    }
    try {
      Memory st = new Memory(Layout.STAT_SIZE);
      if (LibC.fstat(fd, st) < 0) {
        throw new IOException("cannot stat backing directory " + root + ": errno " + LibC.errno());
      }
      entry(st, "", null, null, inodes, writer);
      directory(fd, "", inodes, writer, root);
    } finally {
      LibC.close(fd);
    }
    writer.endImage();
  }

  /** Captures the entries of the open directory {@code dir} (path {@code rel}), recursively. */
  private static void directory(
      int dir, String rel, InodeTable inodes, TraceWriter writer, Path root) throws IOException {
    Memory st = new Memory(Layout.STAT_SIZE);
    for (byte[] raw : names(dir, rel, root)) {
      Memory name = cString(raw);
      String path = (rel.isEmpty() ? "" : rel + "/") + RawNames.decode(raw);
      if (LibC.fstatat(dir, name, st, LibC.AT_SYMLINK_NOFOLLOW) < 0) {
        throw failure("stat", root, path);
      }
      FileType type = FileType.fromMode(st.getInt(Layout.ST_MODE));
      if (type == FileType.DIRECTORY) {
        entry(st, path, null, null, inodes, writer);
        int sub = LibC.openat(dir, name, DIR_FLAGS, 0);
        if (sub < 0) {
          throw failure("open", root, path);
        }
        try {
          directory(sub, path, inodes, writer, root);
        } finally {
          LibC.close(sub);
        }
      } else if (type == FileType.REGULAR) {
        boolean seen = inodes.existing(st.getLong(Layout.ST_DEV), st.getLong(Layout.ST_INO)) != 0;
        if (seen) {
          entry(st, path, null, null, inodes, writer);
          continue;
        }
        int f = LibC.openat(dir, name, LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
        if (f < 0) {
          throw failure("open", root, path);
        }
        try {
          // the content is streamed from the open descriptor while the entry is written
          entry(st, path, Path.of("/proc/self/fd/" + f), null, inodes, writer);
        } finally {
          LibC.close(f);
        }
      } else if (type == FileType.SYMLINK) {
        Memory buf = new Memory(4097);
        long n = LibC.readlinkat(dir, name, buf, 4096);
        if (n < 0) {
          throw failure("read the link", root, path);
        }
        entry(st, path, null, RawNames.decode(buf.getByteArray(0, (int) n)), inodes, writer);
      } else {
        entry(st, path, null, null, inodes, writer);
      }
    }
  }

  private static void entry(
      Memory st, String path, Path content, String target, InodeTable inodes, TraceWriter writer)
      throws IOException {
    int mode = st.getInt(Layout.ST_MODE);
    long id = inodes.idFor(st.getLong(Layout.ST_DEV), st.getLong(Layout.ST_INO));
    FileType type = FileType.fromMode(mode);
    long mtime =
        st.getLong(Layout.ST_MTIM + Layout.TS_SEC) * 1_000_000_000L
            + st.getLong(Layout.ST_MTIM + Layout.TS_NSEC);
    writer.imageEntry(
        new InitialImage.Entry(
            path,
            id,
            type,
            mode & 07777,
            st.getInt(Layout.ST_UID),
            st.getInt(Layout.ST_GID),
            mtime,
            content == null ? Payload.empty() : Payload.ofFile(content),
            target));
  }

  /** The names in the open directory {@code dir}, sorted by their bytes, without . and .. . */
  private static List<byte[]> names(int dir, String rel, Path root) throws IOException {
    int dup = LibC.dup(dir);
    Pointer d = dup < 0 ? null : LibC.fdopendir(dup);
    if (d == null) {
      if (dup >= 0) {
        LibC.close(dup);
      }
      throw failure("list", root, rel);
    }
    List<byte[]> out = new ArrayList<>();
    try {
      LibC.rewinddir(d);
      for (Pointer e = LibC.readdir(d); e != null; e = LibC.readdir(d)) {
        byte[] n = NativeStrings.bytes(e.share(Layout.DIRENT_NAME));
        if (!Arrays.equals(n, new byte[] {'.'}) && !Arrays.equals(n, new byte[] {'.', '.'})) {
          out.add(n);
        }
      }
    } finally {
      LibC.closedir(d);
    }
    out.sort(Arrays::compareUnsigned);
    return out;
  }

  private static Memory cString(byte[] b) {
    Memory m = new Memory(b.length + 1L);
    m.write(0, b, 0, b.length);
    m.setByte(b.length, (byte) 0);
    return m;
  }

  private static IOException failure(String what, Path root, String path) {
    return new IOException(
        "cannot " + what + " '" + RawNames.printable(path) + "' in backing directory " + root
            + ": errno " + LibC.errno());
  }
}
