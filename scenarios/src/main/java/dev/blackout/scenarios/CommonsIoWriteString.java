package dev.blackout.scenarios;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.io.FileUtils;

/**
 * Apache Commons IO {@code FileUtils.writeStringToFile(file, text, UTF_8)} over an existing file:
 * an overwrite in place (truncate, write, close; no fsync), then ack.
 */
public final class CommonsIoWriteString extends FileUpdate {

  @Override
  public String title() {
    return "Commons IO FileUtils.writeStringToFile over the old file, ack";
  }

  @Override
  public boolean seed() {
    return false;
  }

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    FileUtils.writeStringToFile(dir.resolve(FILE).toFile(),
        new String(NEW, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    acks.ack(ACK);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row("commons-io FileUtils javadoc (opens with truncation, no sync);"
        + " same as OverwriteInPlace", "A", "A", "A", "A").build();
  }
}
