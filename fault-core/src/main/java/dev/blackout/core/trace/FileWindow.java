package dev.blackout.core.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * A sliding window over a file for the reader: {@link #fill} makes a byte range present in {@link
 * #bytes} (read ahead in large chunks), {@link #index} says where it lies.
 */
final class FileWindow {
  static final int CAPACITY = 1 << 20;

  /** Where the window's bytes come from: a positional read, like {@link FileChannel#read(ByteBuffer, long)}. */
  interface Source {
    int read(ByteBuffer dst, long pos) throws IOException;
  }

  final byte[] bytes;
  private final Source channel;
  private final long size;
  private long start;
  private int limit;

  FileWindow(FileChannel channel, long size) {
    this(channel::read, size, CAPACITY);
  }

  /** A window of {@code capacity} bytes over {@code source} (smaller windows for random access). */
  FileWindow(Source source, long size, int capacity) {
    this.channel = source;
    this.size = size;
    this.bytes = new byte[capacity];
  }

  int capacity() {
    return bytes.length;
  }

  /** Makes {@code [pos, pos + n)} present ({@code n <= CAPACITY}, the range inside the file). */
  void fill(long pos, int n) throws IOException {
    if (pos >= start && pos + n <= start + limit) {
      return;
    }
    if (pos >= start && pos < start + limit) {
      int keep = (int) (start + limit - pos);
      System.arraycopy(bytes, (int) (pos - start), bytes, 0, keep);
      limit = keep;
    } else {
      limit = 0;
    }
    start = pos;
    int want = (int) Math.min(bytes.length, size - pos);
    ByteBuffer b = ByteBuffer.wrap(bytes, limit, want - limit);
    while (limit < n) {
      int r = channel.read(b, start + limit);
      if (r < 0) {
        throw new IOException("file shrank while being read (at offset " + (start + limit) + ")");
      }
      limit += r;
    }
  }

  /** Where file offset {@code pos} lies in {@link #bytes} (after a {@link #fill} covering it). */
  int index(long pos) {
    return (int) (pos - start);
  }

  /** Feeds {@code [pos, pos + len)} to {@code crc}, in window-sized pieces. */
  void crc(long pos, long len, CRC32C crc) throws IOException {
    while (len > 0) {
      int n = (int) Math.min(len, bytes.length);
      fill(pos, n);
      crc.update(bytes, index(pos), n);
      pos += n;
      len -= n;
    }
  }

  /** Whether every byte from {@code pos} to the end of the file is zero. */
  boolean zeroFrom(long pos) throws IOException {
    while (pos < size) {
      int n = (int) Math.min(size - pos, bytes.length);
      fill(pos, n);
      int i = index(pos);
      for (int k = 0; k < n; k++) {
        if (bytes[i + k] != 0) {
          return false;
        }
      }
      pos += n;
    }
    return true;
  }
}
