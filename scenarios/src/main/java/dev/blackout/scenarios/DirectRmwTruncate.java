package dev.blackout.scenarios;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Seed 003: appending an unaligned tail with O_DIRECT. The workload reads the last (partial)
 * block into an aligned buffer, adds the new bytes, writes the whole padded block back and
 * {@code ftruncate}s the file to its true size; no fsync, no ack. A crash between the write and
 * the truncate leaves the padding in the file.
 */
public final class DirectRmwTruncate implements Scenario {
  static final String FILE = "data";
  static final int OLD_LEN = 1000;
  static final int ADDED = 500;

  static byte[] oldContent() {
    byte[] b = new byte[OLD_LEN];
    Arrays.fill(b, (byte) 'o');
    return b;
  }

  static byte[] newContent() {
    byte[] b = Arrays.copyOf(oldContent(), OLD_LEN + ADDED);
    Arrays.fill(b, OLD_LEN, OLD_LEN + ADDED, (byte) 'n');
    return b;
  }

  @Override
  public String title() {
    return "O_DIRECT read-modify-write of a partial block + ftruncate, no fsync (seed 003)";
  }

  @Override
  public void setup(Path dir) throws IOException {
    Files.write(dir.resolve(FILE), oldContent());
  }

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    Path file = dir.resolve(FILE);
    int block = (int) Files.getFileStore(file).getBlockSize();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT)) {
      ByteBuffer buf = ByteBuffer.allocateDirect(2 * block).alignedSlice(block);
      buf.limit(block);
      int n = ch.read(buf, 0); // one aligned read of the last block: short at end of file
      if (n != OLD_LEN) {
        throw new IOException("read " + n + " bytes of the last block, expected " + OLD_LEN);
      }
      buf.position(OLD_LEN);
      for (int i = 0; i < ADDED; i++) {
        buf.put((byte) 'n');
      }
      while (buf.hasRemaining()) {
        buf.put((byte) 0); // the padding up to the block size
      }
      buf.flip();
      if (ch.write(buf, 0) != block) {
        throw new IOException("short O_DIRECT write");
      }
      ch.truncate(OLD_LEN + ADDED);
    }
  }

  @Override
  public String check(Path state, List<String> acked) throws IOException {
    return OldOrNew.check(state, FILE, oldContent(), newContent(), acked);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(FileUpdate.SOURCE + "; seed 003",
        "A", "ok", "A", "A").build();
  }
}
