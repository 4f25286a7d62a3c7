package dev.blackout.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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

  /** One line of the mount table: where, of which type, from which source. */
  record Entry(Path mountPoint, String type, String source) {}

  /** The mount table, in mount order; empty if it cannot be read. */
  static List<Entry> entries() {
    List<Entry> all = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] f = line.split(" ");
        int dash = Arrays.asList(f).indexOf("-");
        if (f.length > 4 && dash > 4 && dash + 2 < f.length) {
          all.add(new Entry(Path.of(unescape(f[4])), f[dash + 1], unescape(f[dash + 2])));
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    return all;
  }

  /** Where a file system of {@code type} is mounted (the first such mount), if anywhere. */
  static Optional<Path> ofType(String type) {
    return entries().stream().filter(e -> e.type().equals(type)).map(Entry::mountPoint).findFirst();
  }

  /** The last mount at {@code dir} (absolute, normalized): the one that is visible there. */
  static Optional<Entry> at(Path dir) {
    Entry found = null;
    for (Entry e : entries()) {
      if (e.mountPoint().equals(dir)) {
        found = e;
      }
    }
    return Optional.ofNullable(found);
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
