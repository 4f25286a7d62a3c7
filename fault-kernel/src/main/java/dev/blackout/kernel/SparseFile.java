package dev.blackout.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Disk images are mostly holes: a fresh 512 MiB ext4 holds a few MiB. This copies only the chunks
 * that hold data, found with {@code lseek(SEEK_DATA / SEEK_HOLE)} (through JNA) or, where the file
 * system cannot say, by reading and skipping all-zero chunks; copies stay sparse and cheap.
 */
final class SparseFile {
  static final int CHUNK = 64 * 1024;
  private static final int SEEK_DATA = 3;
  private static final int SEEK_HOLE = 4;

  /** The few libc calls used to find a file's data. */
  interface LibC extends com.sun.jna.Library {
    int open(String path, int flags);

    long lseek(int fd, long offset, int whence);

    int close(int fd);
  }

  private static final LibC LIBC = loadLibC();

  private static LibC loadLibC() {
    try {
      return com.sun.jna.Native.load("c", LibC.class);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return null;
    }
  }

  private SparseFile() {}

  /** The offsets of the {@link #CHUNK}-sized chunks of {@code file[from, from+length)} holding data. */
  static long[] dataChunks(Path file, long from, long length) throws IOException {
    long[] fast = seekData(file, from, length);
    return fast != null ? fast : scan(file, from, length);
  }

  /** The chunks with data by SEEK_DATA/SEEK_HOLE, or null when that does not work here. */
  static long[] seekData(Path file, long from, long length) {
    if (LIBC == null) {
      return null;
    }
    int fd = LIBC.open(file.toString(), 0);
    if (fd < 0) {
      return null;
    }
    try {
      List<Long> out = new ArrayList<>();
      long end = from + length;
      long pos = from;
      long last = -1;
      while (pos < end) {
        long data = LIBC.lseek(fd, pos, SEEK_DATA);
        if (data < 0) {
          break; // ENXIO: no data after pos (EINVAL would mean no support: caught below)
        }
        if (data >= end) {
          break;
        }
        long hole = LIBC.lseek(fd, data, SEEK_HOLE);
        if (hole < 0) {
          return null;
        }
        long stop = Math.min(hole, end);
        for (long c = (data - from) / CHUNK * CHUNK; c < stop - from; c += CHUNK) {
          if (c > last) {
            out.add(c);
            last = c;
          }
        }
        pos = stop;
      }
      if (out.isEmpty() && LIBC.lseek(fd, 0, SEEK_HOLE) < 0) {
        return null;
      }
      return out.stream().mapToLong(Long::longValue).toArray();
    } finally {
      LIBC.close(fd);
    }
  }

  /** The chunks with data by reading every chunk. */
  static long[] scan(Path file, long from, long length) throws IOException {
    List<Long> out = new ArrayList<>();
    ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long end = Math.min(from + length, ch.size());
      for (long off = from; off < end; off += CHUNK) {
        buf.clear();
        int n = read(ch, buf, off, (int) Math.min(CHUNK, end - off));
        if (!zero(buf, n)) {
          out.add(off - from);
        }
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * Copies the chunks {@code chunks} (relative offsets) of {@code src[from, from+length)} to {@code
   * dst} at {@code dstOffset}; {@code dst} is created with size {@code dstSize} when it does not
   * exist (or when {@code truncate}).
   */
  static void copy(Path src, long from, long length, long[] chunks, Path dst, long dstOffset, long dstSize, boolean truncate)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
    List<StandardOpenOption> opts = new ArrayList<>(List.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE));
    if (truncate) {
      opts.add(StandardOpenOption.TRUNCATE_EXISTING);
    }
    try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(dst, opts.toArray(new StandardOpenOption[0]))) {
      if (out.size() < dstSize) {
        out.write(ByteBuffer.wrap(new byte[1]), dstSize - 1);
      }
      for (long c : chunks) {
        int len = (int) Math.min(CHUNK, length - c);
        buf.clear();
        int n = read(in, buf, from + c, len);
        buf.flip();
        buf.limit(n);
        while (buf.hasRemaining()) {
          out.write(buf, dstOffset + c + buf.position());
        }
      }
    }
  }

  private static int read(FileChannel ch, ByteBuffer buf, long off, int len) throws IOException {
    buf.limit(len);
    int total = 0;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, off + total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    while (buf.hasRemaining()) {
      buf.put((byte) 0);
      total++;
    }
    return total;
  }

  private static boolean zero(ByteBuffer buf, int n) {
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      if (buf.getLong(i) != 0) {
        return false;
      }
    }
    for (; i < n; i++) {
      if (buf.get(i) != 0) {
        return false;
      }
    }
    return true;
  }
}
