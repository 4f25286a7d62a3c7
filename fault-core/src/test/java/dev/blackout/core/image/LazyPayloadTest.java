package dev.blackout.core.image;

import static dev.blackout.core.trace.InitialImage.ROOT_INODE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.OpMeta;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.TraceOp;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A big write stays a lazy view of its payload: applying it reads nothing but its partial edge
 * blocks, and hashing, reading or materializing the file streams the payload about once, even
 * through a payload that can only skip by reading (as a trace-file payload does).
 */
class LazyPayloadTest {

  /** A payload over an array that counts every byte its streams hand out, skipped ones too. */
  static final class CountingPayload extends Payload {
    final byte[] bytes;
    long bytesRead;

    CountingPayload(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public long length() {
      return bytes.length;
    }

    @Override
    public int crc32c() {
      return crc32c(bytes, 0, bytes.length);
    }

    @Override
    public InputStream openStream() {
      return new InputStream() {
        int pos;

        @Override
        public int read() {
          if (pos >= bytes.length) {
            return -1;
          }
          bytesRead++;
          return bytes[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
          if (pos >= bytes.length) {
            return -1;
          }
          int n = Math.min(len, bytes.length - pos);
          System.arraycopy(bytes, pos, b, off, n);
          pos += n;
          bytesRead += n;
          return n;
        }
      };
    }
  }

  @TempDir Path base;

  @Test
  void aOneMebibyteWriteIsStreamedAboutOncePerUse() throws Exception {
    byte[] data = new byte[1 << 20];
    new Random(3).nextBytes(data);
    CountingPayload p = new CountingPayload(data);
    FsImage img = FsImage.of(InitialImage.emptyRoot());
    img.apply(new TraceOp.Create(OpMeta.of(1), ROOT_INODE, "f", 2, 0644, 1, 0));
    img.apply(new TraceOp.Write(OpMeta.of(2), 2, 1, 0, p, 0));
    assertEquals(0, p.bytesRead, "an aligned write is not read when applied");

    String h = img.contentHash();
    assertTrue(p.bytesRead <= 2L * data.length, "hashing read " + p.bytesRead);
    p.bytesRead = 0;
    assertEquals(h, img.copy().contentHash());
    assertEquals(0, p.bytesRead, "block digests are cached and shared with copies");

    assertArrayEquals(data, img.read(2));
    assertTrue(p.bytesRead <= 2L * data.length, "reading read " + p.bytesRead);
    p.bytesRead = 0;
    Path out = Materializer.materialize(img, base.resolve("out"));
    assertTrue(p.bytesRead <= 2L * data.length, "materializing read " + p.bytesRead);
    assertArrayEquals(data, Files.readAllBytes(out.resolve("f")));

    FsImage same = FsImage.of(InitialImage.emptyRoot());
    same.apply(new TraceOp.Create(OpMeta.of(1), ROOT_INODE, "f", 9, 0644, 1, 0));
    same.apply(new TraceOp.Write(OpMeta.of(2), 9, 1, 0, Payload.of(data), 0));
    assertEquals(h, same.contentHash());
  }
}
