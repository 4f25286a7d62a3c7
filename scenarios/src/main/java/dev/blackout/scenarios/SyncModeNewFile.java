package dev.blackout.scenarios;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Base of the {@link RandomAccessFile} "rwd" / "rws" scenarios: a new file {@code out} is written
 * with synchronous writes (O_DSYNC / O_SYNC: each write reaches FUSE as write + fsync), acked,
 * closed; the directory is never synced.
 */
abstract class SyncModeNewFile implements Scenario {
  static final String FILE = "out";

  abstract String mode();

  @Override
  public void setup(Path dir) {}

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve(FILE).toFile(), mode())) {
      f.write(FileUpdate.NEW);
      acks.ack(FileUpdate.ACK);
    }
  }

  @Override
  public String check(Path state, List<String> acked) throws IOException {
    return OldOrNew.check(state, FILE, null, FileUpdate.NEW, acked);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(FileUpdate.SOURCE + "; open(2) O_SYNC/O_DSYNC; ext4: the sync commits"
        + " the journal, creation included", "ok", "ok", "ok", "D").build();
  }
}
