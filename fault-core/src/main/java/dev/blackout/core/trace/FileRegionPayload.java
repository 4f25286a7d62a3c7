package dev.blackout.core.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
  private final TraceSource source;
  private final long offset;
  private final long length;
  private final int crc;

  FileRegionPayload(TraceSource source, long offset, long length, int crc) {
    this.source = source;
    this.offset = offset;
    this.length = length;
    this.crc = crc;
  }

  /**
   * The whole of {@code file} as it is now (length and CRC taken by reading it once). Its reads
   * open the file each time: an initial image may hold more files than a process may keep open.
   */
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
    return new FileRegionPayload(new TraceSource(file, false), 0, n, (int) c.getValue());
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
    if (!source.shared()) {
      FileChannel ch = FileChannel.open(source.file(), StandardOpenOption.READ);
      return new RegionStream(offset, offset + length) {
        @Override
        int readAt(long pos, byte[] dst, int off, int len) throws IOException {
          return ch.read(ByteBuffer.wrap(dst, off, len), pos);
        }

        @Override
        public void close() throws IOException {
          ch.close();
        }
      };
    }
    return new RegionStream(offset, offset + length) {
      @Override
      int readAt(long pos, byte[] dst, int off, int len) throws IOException {
        return source.read(pos, dst, off, len);
      }
    };
  }

  /** Reads through the trace's shared channel, without a stream. */
  @Override
  public void read(long from, byte[] dst, int off, int len) {
    if (!source.shared()) {
      super.read(from, dst, off, len);
      return;
    }
    checkRange(from, dst, off, len);
    try {
      int done = 0;
      while (done < len) {
        int n = source.read(offset + from + done, dst, off + done, len - done);
        if (n < 0) {
          throw new IllegalStateException(
              "trace file " + source.file() + " ends before the payload at offset " + offset + " does");
        }
        done += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading trace file " + source.file() + ": " + e.getMessage(), e);
    }
  }

  /** A stream over {@code [pos, end)} of some file. */
  private abstract static class RegionStream extends InputStream {
    private long pos;
    private final long end;

    RegionStream(long pos, long end) {
      this.pos = pos;
      this.end = end;
    }

    abstract int readAt(long pos, byte[] dst, int off, int len) throws IOException;

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
      int n = readAt(pos, dst, off, (int) Math.min(len, end - pos));
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
  }
}
