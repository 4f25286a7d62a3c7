package dev.blackout.scenarios;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The table's checker (design.md section 8): the file holds exactly the old or exactly the new
 * content, and exactly the new one once the update was acknowledged (any marker acknowledges it).
 * A file that did not exist before may be missing or empty in its "old" state.
 */
final class OldOrNew {
  private OldOrNew() {}

  /**
   * @param old the content before the update, or null for a file created by the update
   * @return null when consistent, else what is wrong
   */
  static String check(Path state, String file, byte[] old, byte[] fresh, List<String> acked)
      throws IOException {
    Path p = state.resolve(file);
    byte[] now = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(p) : null;
    boolean isOld = old == null ? now == null || now.length == 0 : Arrays.equals(now, old);
    boolean isNew = now != null && Arrays.equals(now, fresh);
    if (!isOld && !isNew) {
      return file + " holds neither the old nor the new content: " + describe(now);
    }
    if (!acked.isEmpty() && !isNew) {
      return file + " lacks the acknowledged update ('" + acked.get(acked.size() - 1) + "'): "
          + (now == null ? "missing" : "old content");
    }
    return null;
  }

  /** A short printable description of a file's content. */
  static String describe(byte[] b) {
    if (b == null) {
      return "(missing)";
    }
    int shown = Math.min(b.length, 48);
    String s = new String(b, 0, shown, StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", ".");
    return b.length + " bytes '" + s + (b.length > shown ? "...'" : "'");
  }
}
