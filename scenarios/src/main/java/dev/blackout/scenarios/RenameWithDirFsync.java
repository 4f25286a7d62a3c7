package dev.blackout.scenarios;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The textbook atomic replace: write {@code db.tmp}, fsync it, rename it over {@code db}, fsync
 * the directory (a {@code FileChannel} opened on the directory), then ack.
 */
public final class RenameWithDirFsync extends FileUpdate {

  @Override
  public String title() {
    return "write tmp + fsync + rename + fsync directory, ack";
  }

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    RenameWithoutDirFsync.writeSynced(dir.resolve(TMP));
    Files.move(dir.resolve(TMP), dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
    acks.ack(ACK);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(SOURCE + "; fsync(2)", "ok", "ok", "ok", "ok").build();
  }
}
