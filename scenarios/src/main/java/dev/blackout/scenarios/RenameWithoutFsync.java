package dev.blackout.scenarios;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes {@code db.tmp} and renames it over {@code db} without any fsync, then acks: atomic only
 * where the file system forces the data before the rename (ext4's auto_da_alloc).
 */
public final class RenameWithoutFsync extends FileUpdate {

  @Override
  public String title() {
    return "write tmp + rename over the old file, no fsync, ack";
  }

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    Files.write(dir.resolve(TMP), NEW, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    Files.move(dir.resolve(TMP), dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    acks.ack(ACK);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(SOURCE + "; ext4 docs (auto_da_alloc); ALICE OSDI'14",
        "ok", "A", "D", "A").build();
  }
}
