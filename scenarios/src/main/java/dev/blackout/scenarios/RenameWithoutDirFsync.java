package dev.blackout.scenarios;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes {@code db.tmp}, fsyncs it ({@code FileChannel.force(true)}), renames it over {@code db},
 * acks, and never fsyncs the directory: atomic, but the rename itself may be lost.
 */
public final class RenameWithoutDirFsync extends FileUpdate {

  @Override
  public String title() {
    return "write tmp + fsync + rename, no directory fsync, ack";
  }

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    writeSynced(dir.resolve(TMP));
    Files.move(dir.resolve(TMP), dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    acks.ack(ACK);
  }

  static void writeSynced(Path file) throws Exception {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(NEW);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(SOURCE + "; fsync(2): fsync of a file does not make its directory"
        + " entry durable", "ok", "ok", "D", "D").build();
  }
}
