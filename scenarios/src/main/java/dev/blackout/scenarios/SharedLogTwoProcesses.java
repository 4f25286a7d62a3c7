package dev.blackout.scenarios;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Seeds 000 and 004: two processes ("containers" sharing a volume) append checksummed records to
 * one pre-existing file at the same time, each calling fdatasync before acknowledging its record.
 * A barrier covers only what completed before it began, so each process's ack must still hold.
 */
public class SharedLogTwoProcesses implements Scenario {
  static final String FILE = "shared.log";
  static final int PER_PROCESS = 4;

  static List<String> records(String role) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= PER_PROCESS; i++) {
      out.add(role + "-" + i + " " + "y".repeat(100));
    }
    return out;
  }

  @Override
  public String title() {
    return "two processes appending checksummed records to one pre-existing shared file,"
        + " fdatasync before each ack (seeds 000, 004)";
  }

  /** Whether each process calls fdatasync before its ack. */
  boolean syncs() {
    return true;
  }

  @Override
  public List<String> roles() {
    return List.of("A", "B");
  }

  @Override
  public void setup(Path dir) throws IOException {
    Files.write(dir.resolve(FILE), new byte[0]);
  }

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    try (FileChannel ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      for (String r : records(role)) {
        ByteBuffer b = ByteBuffer.wrap(Records.encode(r));
        while (b.hasRemaining()) {
          ch.write(b);
        }
        if (syncs()) {
          ch.force(false);
        }
        acks.ack(LogCheck.ackOf(r));
        Thread.sleep(30); // let the other process interleave
      }
    }
  }

  @Override
  public String check(Path state, List<String> acked) throws IOException {
    return LogCheck.check(state, FILE, List.of(), acked);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(FileUpdate.SOURCE + "; seeds 000, 004; fdatasync(2)",
        "ok", "ok", "ok", "ok").build();
  }
}
