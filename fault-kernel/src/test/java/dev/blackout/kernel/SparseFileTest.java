package dev.blackout.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseFileTest {
  @TempDir Path tmp;

  @Test
  void findsTheChunksWithDataAndCopiesThemSparsely() throws Exception {
    Path f = tmp.resolve("img");
    try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
      r.setLength(64L << 20);
      r.seek(3 * SparseFile.CHUNK + 10);
      r.write(new byte[] {1, 2, 3});
      r.seek(40L << 20);
      r.write(new byte[SparseFile.CHUNK + 1]);
      r.seek((40L << 20) + 5);
      r.write(7);
    }
    long[] scanned = SparseFile.scan(f, 0, 64L << 20);
    assertArrayEquals(new long[] {3 * SparseFile.CHUNK, 40L << 20}, scanned);
    long[] sought = SparseFile.dataChunks(f, 0, 64L << 20);
    for (long c : scanned) {
      assertTrue(java.util.Arrays.stream(sought).anyMatch(x -> x == c), "SEEK_DATA found chunk " + c);
    }
    Path copy = tmp.resolve("copy");
    SparseFile.copy(f, 0, 64L << 20, sought, copy, 0, 64L << 20, true);
    assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(copy));
  }
}
