package dev.blackout.scenarios;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The log scenarios' checker: recovery reads the whole records from the start ({@link Records});
 * every record that was there before the workload and every acknowledged one ({@code "ack R"})
 * must be among them.
 */
final class LogCheck {
  static final String ACK = "ack ";

  private LogCheck() {}

  /** The ack for record {@code r}: its first word. */
  static String ackOf(String r) {
    int sp = r.indexOf(' ');
    return ACK + (sp < 0 ? r : r.substring(0, sp));
  }

  static String check(Path state, String file, List<String> initial, List<String> acked)
      throws IOException {
    Path p = state.resolve(file);
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      return file + " is missing";
    }
    List<String> records = Records.decode(Files.readAllBytes(p));
    for (String r : initial) {
      if (!records.contains(r)) {
        return "record '" + r + "', there before the workload, is lost; recovered " + records.size()
            + " records";
      }
    }
    for (String ack : acked) {
      if (!ack.startsWith(ACK)) {
        continue;
      }
      String id = ack.substring(ACK.length());
      if (records.stream().noneMatch(r -> r.equals(id) || r.startsWith(id + " "))) {
        return "acknowledged record '" + id + "' is missing; recovered " + records.size()
            + " records";
      }
    }
    return null;
  }
}
