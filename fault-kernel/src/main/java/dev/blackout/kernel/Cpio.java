package dev.blackout.kernel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes a cpio archive in the "new ASCII" format (magic {@code 070701}) the Linux kernel unpacks
 * as an initramfs and busybox {@code cpio -i} reads: per entry a 110-byte header of hex fields, the
 * name, then the data, each padded to 4 bytes; a {@code TRAILER!!!} entry ends it. Parent
 * directories are added on first use.
 */
final class Cpio implements AutoCloseable {
  private static final int DIR = 0040000;
  private static final int FILE = 0100000;
  private static final int LINK = 0120000;

  private final OutputStream out;
  private final Set<String> dirs = new HashSet<>();
  private long written;
  private int inode = 1;

  Cpio(OutputStream out) {
    this.out = out;
  }

  void dir(String path) throws IOException {
    if (path.isEmpty() || !dirs.add(path)) {
      return;
    }
    parents(path);
    entry(path, DIR | 0755, new byte[0]);
  }

  void file(String path, int mode, byte[] data) throws IOException {
    parents(path);
    entry(path, FILE | (mode & 07777), data);
  }

  void symlink(String path, String target) throws IOException {
    parents(path);
    entry(path, LINK | 0777, target.getBytes(StandardCharsets.UTF_8));
  }

  private void parents(String path) throws IOException {
    int slash = path.lastIndexOf('/');
    if (slash > 0) {
      dir(path.substring(0, slash));
    }
  }

  private void entry(String name, int mode, byte[] data) throws IOException {
    byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
    StringBuilder h = new StringBuilder("070701");
    long[] fields = {
      name.equals("TRAILER!!!") ? 0 : inode++, mode, 0, 0, (mode & DIR) == DIR ? 2 : 1, 0, data.length,
      0, 0, 0, 0, n.length, 0
    };
    for (long f : fields) {
      h.append(String.format("%08x", f));
    }
    write(h.toString().getBytes(StandardCharsets.US_ASCII));
    write(n);
    pad();
    write(data);
    pad();
  }

  private void write(byte[] b) throws IOException {
    out.write(b);
    written += b.length;
  }

  private void pad() throws IOException {
    while (written % 4 != 0) {
      out.write(0);
      written++;
    }
  }

  /** Writes the trailer; the stream stays open. */
  @Override
  public void close() throws IOException {
    entry("TRAILER!!!", 0, new byte[0]);
    out.flush();
  }
}
