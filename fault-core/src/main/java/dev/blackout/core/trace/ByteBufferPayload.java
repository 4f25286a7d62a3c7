package dev.blackout.core.trace;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** A view of a caller's buffer ({@link Payload#wrap}); its CRC is computed on first use. */
final class ByteBufferPayload extends Payload {
  private final ByteBuffer buffer;
  private volatile boolean crcKnown;
  private int crc;

  ByteBufferPayload(ByteBuffer buffer) {
    this.buffer = buffer;
  }

  @Override
  public long length() {
    return buffer.remaining();
  }

  @Override
  public int crc32c() {
    if (!crcKnown) {
      CRC32C c = new CRC32C();
      c.update(buffer.duplicate());
      crc = (int) c.getValue();
      crcKnown = true;
    }
    return crc;
  }

  @Override
  public InputStream openStream() {
    ByteBuffer b = buffer.duplicate();
    return new InputStream() {
      @Override
      public int read() {
        return b.hasRemaining() ? b.get() & 0xff : -1;
      }

      @Override
      public int read(byte[] dst, int off, int len) {
        if (len == 0) {
          return 0;
        }
        if (!b.hasRemaining()) {
          return -1;
        }
        int n = Math.min(len, b.remaining());
        b.get(dst, off, n);
        return n;
      }
    };
  }

  @Override
  ByteBuffer inMemory() {
    return buffer.duplicate();
  }
}
