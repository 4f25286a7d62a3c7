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
    Payload region = new FileRegionPayload(f, 100, 9_000, Payload.crc32c(file, 100, 9_000));
    try (InputStream in = region.openStream()) {
      assertEquals(4_096, in.skip(4_096));
      assertArrayEquals(Arrays.copyOfRange(file, 4_196, 4_206), in.readNBytes(10));
      assertEquals(9_000 - 4_106, in.available());
      assertEquals(9_000 - 4_106, in.skip(1_000_000), "skip stops at the region's end");
      assertEquals(-1, in.read());
    }
  }
}
