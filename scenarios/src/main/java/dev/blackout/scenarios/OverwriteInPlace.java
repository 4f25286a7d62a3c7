package dev.blackout.scenarios;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/** Overwrites {@code db} in place: open with O_TRUNC, write, close, ack. Never atomic. */
public final class OverwriteInPlace extends FileUpdate {

  @Override
  public String title() {
    return "overwrite in place (O_TRUNC + write + close), ack";
  }

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    Files.write(dir.resolve(FILE), NEW, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    acks.ack(ACK);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(SOURCE + " (a crash between truncate and write leaves an empty file)",
        "A", "A", "A", "A").build();
  }
}
