package dev.blackout.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the mount table of this process ({@code /proc/self/mountinfo}). */
final class Mounts {
  private Mounts() {}

  /** True when {@code dir} (absolute, normalized) is a mount point. */
  static boolean isMountPoint(Path dir) {
    String target = dir.toString();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] f = line.split(" ", 6);
        if (f.length > 4 && unescape(f[4]).equals(target)) {
          return true;
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /** mountinfo escapes space, tab, newline and backslash as three octal digits. */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length()) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
