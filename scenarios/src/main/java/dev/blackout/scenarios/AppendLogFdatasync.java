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
 * Appends checksummed records to an existing log ({@code FileChannel} with APPEND) and calls
 * {@code force(false)} (fdatasync) before acknowledging each: the durable-log pattern.
 */
public final class AppendLogFdatasync implements Scenario {
  static final String FILE = "log";
  static final List<String> INITIAL = List.of("r0 written before the workload");
  static final List<String> APPENDED = List.of("r1 first", "r2 second", "r3 third");

  @Override
  public String title() {
    return "append log with checksums, fdatasync before ack";
  }

  @Override
  public void setup(Path dir) throws IOException {
    Files.write(dir.resolve(FILE), Records.encode(INITIAL.get(0)));
  }

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    try (FileChannel ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      for (String r : APPENDED) {
        ByteBuffer b = ByteBuffer.wrap(Records.encode(r));
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(false);
        acks.ack(LogCheck.ackOf(r));
      }
    }
  }

  @Override
  public String check(Path state, List<String> acked) throws IOException {
    return LogCheck.check(state, FILE, INITIAL, acked);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(FileUpdate.SOURCE + "; fdatasync(2) persists the size the data needs",
        "ok", "ok", "ok", "ok").build();
  }
}
