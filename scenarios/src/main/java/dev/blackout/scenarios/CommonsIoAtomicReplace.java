package dev.blackout.scenarios;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.apache.commons.io.FileUtils;

/**
 * The atomic replace around Commons IO: {@code FileUtils.writeStringToFile} to a temporary file,
 * fsync it, {@code Files.move(ATOMIC_MOVE)} over the old file, fsync the directory, then ack.
 */
public final class CommonsIoAtomicReplace extends FileUpdate {

  @Override
  public String title() {
    return "Commons IO writeStringToFile to a temporary file + fsync + atomic rename + fsync"
        + " directory, ack";
  }

  @Override
  public boolean seed() {
    return false;
  }

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    Path tmp = dir.resolve(TMP);
    FileUtils.writeStringToFile(tmp.toFile(), new String(NEW, StandardCharsets.UTF_8),
        StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
    acks.ack(ACK);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row("fsync(2), rename(2); same as RenameWithDirFsync",
        "ok", "ok", "ok", "ok").build();
  }
}
