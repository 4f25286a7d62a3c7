package dev.blackout.scenarios;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Base of the scenarios that update one existing file {@code db} from {@link #OLD} to {@link #NEW}
 * and acknowledge it: setup and the table's old-or-new checker.
 */
abstract class FileUpdate implements Scenario {
  static final String FILE = "db";
  static final String TMP = "db.tmp";
  static final byte[] OLD = "old contents of the database file\n".getBytes(StandardCharsets.UTF_8);
  static final byte[] NEW =
      "new contents, longer than the old ones, of the database file\n"
          .getBytes(StandardCharsets.UTF_8);
  static final String ACK = "ack db=new";
  static final String SOURCE = "design.md section 8";

  @Override
  public void setup(Path dir) throws IOException {
    Files.write(dir.resolve(FILE), OLD);
  }

  @Override
  public String check(Path state, List<String> acked) throws IOException {
    return OldOrNew.check(state, FILE, OLD, NEW, acked);
  }
}
