package dev.blackout.scenarios;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Updates a header through a shared writable mapping and calls {@link MappedByteBuffer#force()}
 * (msync MS_SYNC: page writeback + fsync) before acking.
 */
public final class MmapForce implements Scenario {
  static final String FILE = "map";
  static final int SIZE = 4096;
  static final int HEADER = 100;

  static byte[] oldContent() {
    byte[] b = new byte[SIZE];
    Arrays.fill(b, (byte) 'o');
    return b;
  }

  static byte[] newContent() {
    byte[] b = oldContent();
    Arrays.fill(b, 0, HEADER, (byte) 'n');
    return b;
  }

  @Override
  public String title() {
    return "mmap + MappedByteBuffer.force before ack";
  }

  @Override
  public void setup(Path dir) throws IOException {
    Files.write(dir.resolve(FILE), oldContent());
  }

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    try (FileChannel ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
      for (int i = 0; i < HEADER; i++) {
        map.put(i, (byte) 'n');
      }
      map.force();
      acks.ack(FileUpdate.ACK);
    }
  }

  @Override
  public String check(Path state, List<String> acked) throws IOException {
    return OldOrNew.check(state, FILE, oldContent(), newContent(), acked);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(FileUpdate.SOURCE + "; msync(2)", "ok", "ok", "ok", "ok").build();
  }
}
