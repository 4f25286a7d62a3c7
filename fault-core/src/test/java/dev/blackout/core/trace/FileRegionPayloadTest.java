package dev.blackout.core.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRegionPayloadTest {

  @Test
  void skipMovesWithinTheRegionAndStopsAtItsEnd(@TempDir Path dir) throws IOException {
    byte[] file = new byte[10_000];
    for (int i = 0; i < file.length; i++) {
      file[i] = (byte) (i * 7);
    }
    Path f = Files.write(dir.resolve("f"), file);
    Payload region = new FileRegionPayload(new TraceSource(f), 100, 9_000, Payload.crc32c(file, 100, 9_000));
    try (InputStream in = region.openStream()) {
      assertEquals(4_096, in.skip(4_096));
      assertArrayEquals(Arrays.copyOfRange(file, 4_196, 4_206), in.readNBytes(10));
      assertEquals(9_000 - 4_106, in.available());
      assertEquals(9_000 - 4_106, in.skip(1_000_000), "skip stops at the region's end");
      assertEquals(-1, in.read());
    }
  }

  @Test
  void directReadsShareOneChannelAndSurviveAnInterruptedReader(@TempDir Path dir) throws Exception {
    byte[] file = new byte[10_000];
    for (int i = 0; i < file.length; i++) {
      file[i] = (byte) (i * 13);
    }
    Path f = Files.write(dir.resolve("f"), file);
    TraceSource source = new TraceSource(f);
    Payload a = new FileRegionPayload(source, 0, 5_000, Payload.crc32c(file, 0, 5_000));
    Payload b = new FileRegionPayload(source, 5_000, 5_000, Payload.crc32c(file, 5_000, 5_000));
    byte[] got = new byte[100];
    a.read(10, got, 0, 100);
    assertArrayEquals(Arrays.copyOfRange(file, 10, 110), got);
    // a thread interrupted in a read closes a FileChannel: the next reader reopens it
    Thread t = new Thread(() -> {
      Thread.currentThread().interrupt();
      try {
        b.read(0, new byte[10], 0, 10);
      } catch (RuntimeException expected) {
        // interrupted reads may fail; the point is what happens to the others
      }
    });
    t.start();
    t.join();
    b.read(4_900, got, 0, 100);
    assertArrayEquals(Arrays.copyOfRange(file, 9_900, 10_000), got);
    assertEquals(a, Payload.of(Arrays.copyOfRange(file, 0, 5_000)));
  }
}
