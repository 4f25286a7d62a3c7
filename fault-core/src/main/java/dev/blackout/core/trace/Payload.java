package dev.blackout.core.trace;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The bytes of a write, of an initial file, or of an extended attribute.
 *
 * <p>Large payloads are never required to be in memory: a payload read from a trace file is a
 * slice of that file, opened on demand. Equality is by content (length, CRC-32C, then the bytes),
 * so that ops built by hand compare equal to the same ops read back from a trace.
 */
public abstract class Payload {

  private static final Payload EMPTY = new BytesPayload(new byte[0]);

  /** Number of bytes. */
  public abstract long length();

  /** CRC-32C of the content. */
  public abstract int crc32c();

  /** Streams the content from its start. The caller closes the stream. */
  public abstract InputStream openStream() throws IOException;

  /**
   * Copies {@code len} bytes from offset {@code from} of the content into {@code dst} at {@code
   * off}. Payloads left in a trace file read them through the trace's one open channel.
   */
  public void read(long from, byte[] dst, int off, int len) {
    checkRange(from, dst, off, len);
    try (InputStream in = openStream()) {
      in.skipNBytes(from);
      if (in.readNBytes(dst, off, len) != len) {
        throw new IllegalStateException("payload of " + length() + " bytes ended early at " + from);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading a payload: " + e.getMessage(), e);
    }
  }

  final void checkRange(long from, byte[] dst, int off, int len) {
    if (from < 0 || len < 0 || from + len > length() || off < 0 || off + len > dst.length) {
      throw new IndexOutOfBoundsException(
          "[" + from + ", +" + len + ") of a " + length() + "-byte payload into [" + off + ", +" + len + ") of "
              + dst.length);
    }
  }

  /** The content as an array; only for payloads known to be small. */
  public byte[] toByteArray() {
    if (length() > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("payload of " + length() + " bytes does not fit an array");
    }
    try (InputStream in = openStream()) {
      return in.readNBytes((int) length());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Payload empty() {
    return EMPTY;
  }

  /** A payload holding a private copy of {@code bytes}. */
  public static Payload of(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new BytesPayload(bytes.clone());
  }

  /**
   * A payload that streams {@code file}'s content when read (for capturing an initial image
   * without loading it). Its length and CRC are taken when this is called.
   */
  public static Payload ofFile(java.nio.file.Path file) throws IOException {
    return FileRegionPayload.capture(file);
  }

  /**
   * A view of {@code buffer}'s remaining bytes, without a copy: valid only while the caller keeps
   * the buffer unchanged (a recorder hands it to {@link TraceWriter#append} and lets go).
   */
  public static Payload wrap(java.nio.ByteBuffer buffer) {
    return new ByteBufferPayload(buffer.slice());
  }

  /**
   * The content as a buffer the caller must not modify, when it is in memory; null when it has to
   * be streamed (lets the trace writer copy without a stream).
   */
  java.nio.ByteBuffer inMemory() {
    return null;
  }

  /** A payload of {@code length} copies of {@code value} (handy in tests). */
  public static Payload filled(int length, byte value) {
    byte[] b = new byte[length];
    Arrays.fill(b, value);
    return new BytesPayload(b);
  }

  public static int crc32c(byte[] bytes, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, off, len);
    return (int) crc.getValue();
  }

  @Override
  public final boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Payload other)) {
      return false;
    }
    if (length() != other.length() || crc32c() != other.crc32c()) {
      return false;
    }
    try (InputStream a = openStream();
        InputStream b = other.openStream()) {
      byte[] ba = new byte[8192];
      byte[] bb = new byte[8192];
      while (true) {
        int na = a.readNBytes(ba, 0, ba.length);
        int nb = b.readNBytes(bb, 0, bb.length);
        if (na != nb || !Arrays.equals(ba, 0, na, bb, 0, nb)) {
          return false;
        }
        if (na == 0) {
          return true;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public final int hashCode() {
    return crc32c() * 31 + Long.hashCode(length());
  }

  @Override
  public String toString() {
    return "Payload[" + length() + " bytes, crc32c=" + Integer.toHexString(crc32c()) + "]";
  }

  /** An in-memory payload; the array is owned by this object and never exposed. */
  static final class BytesPayload extends Payload {
    private final byte[] bytes;
    private final int crc;

    BytesPayload(byte[] bytes) {
      this.bytes = bytes;
      this.crc = crc32c(bytes, 0, bytes.length);
    }

    @Override
    public long length() {
      return bytes.length;
    }

    @Override
    public int crc32c() {
      return crc;
    }

    @Override
    public InputStream openStream() {
      return new ByteArrayInputStream(bytes);
    }

    @Override
    public byte[] toByteArray() {
      return bytes.clone();
    }

    @Override
    java.nio.ByteBuffer inMemory() {
      return java.nio.ByteBuffer.wrap(bytes);
    }
  }
}
