package dev.blackout.core.trace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * {@code length} bytes of a file from {@code offset}, read on demand: a write payload left in its
 * trace file, or a file captured for an initial image ({@link Payload#ofFile}). The CRC is known
 * up front, so equality and hashing of unequal payloads need no I/O.
 */
final class FileRegionPayload extends Payload {
  private final Path file;
  private final long offset;
  private final long length;
  private final int crc;

  FileRegionPayload(Path file, long offset, long length, int crc) {
    this.file = file;
    this.offset = offset;
    this.length = length;
    this.crc = crc;
  }

  /** The whole of {@code file} as it is now (length and CRC taken by reading it once). */
  static FileRegionPayload capture(Path file) throws IOException {
    CRC32C c = new CRC32C();
    long n = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 16);
      while (ch.read(buf) >= 0) {
        buf.flip();
        n += buf.remaining();
        c.update(buf);
        buf.clear();
      }
    }
    return new FileRegionPayload(file, 0, n, (int) c.getValue());
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public int crc32c() {
    return crc;
  }

  @Override
  public InputStream openStream() throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    return new InputStream() {
      private long pos = offset;
      private final long end = offset + length;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] dst, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        if (pos >= end) {
          return -1;
        }
        int n = ch.read(ByteBuffer.wrap(dst, off, (int) Math.min(len, end - pos)), pos);
        if (n > 0) {
          pos += n;
        }
        return n;
      }

      /** Seeks instead of reading: a caller after one block of a large payload skips to it. */
      @Override
      public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - pos));
        pos += skipped;
        return skipped;
      }

      @Override
      public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - pos);
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }
}
