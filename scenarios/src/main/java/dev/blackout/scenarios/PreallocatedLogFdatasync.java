package dev.blackout.scenarios;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Berkeley DB's log (seed 001): the log file is preallocated with zeros, records overwrite it in
 * place so that its size never changes, and {@code fdatasync} before each ack suffices.
 */
public final class PreallocatedLogFdatasync implements Scenario {
  static final String FILE = "log";
  static final int SIZE = 16384;
  static final List<String> RECORDS = List.of(rec("r1"), rec("r2"), rec("r3"));

  private static String rec(String name) {
    return name + " " + "x".repeat(700);
  }

  @Override
  public String title() {
    return "preallocated log + fdatasync (Berkeley DB style, seed 001)";
  }

  @Override
  public void setup(Path dir) throws IOException {
    Files.write(dir.resolve(FILE), new byte[SIZE]);
  }

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    try (FileChannel ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.WRITE)) {
      long at = 0;
      for (String r : RECORDS) {
        ByteBuffer b = ByteBuffer.wrap(Records.encode(r));
        while (b.hasRemaining()) {
          at += ch.write(b, at);
        }
        ch.force(false);
        acks.ack(LogCheck.ackOf(r));
      }
    }
  }

  @Override
  public String check(Path state, List<String> acked) throws IOException {
    String problem = LogCheck.check(state, FILE, List.of(), acked);
    if (problem == null && Files.size(state.resolve(FILE)) != SIZE) {
      return FILE + " is " + Files.size(state.resolve(FILE)) + " bytes, not the preallocated "
          + SIZE;
    }
    return problem;
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(FileUpdate.SOURCE + "; seed 001 (Berkeley DB log preallocation)",
        "ok", "ok", "ok", "ok").build();
  }
}
