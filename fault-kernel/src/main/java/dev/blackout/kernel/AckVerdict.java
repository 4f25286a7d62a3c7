package dev.blackout.kernel;

import dev.blackout.core.check.AckedFilesChecker;
import dev.blackout.core.check.CheckResult;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checker calibration runs on both sides: the built-in "every acknowledged file holds what its
 * marker said" ({@link AckedFilesChecker}; markers {@code file PATH sha256=HEX}, {@code file PATH
 * absent}, {@code intent ...}). A failing state is {@code D} when every file it got wrong holds a
 * version that was acknowledged or announced at some point (or its initial one), else {@code A}:
 * the same letters as the scenario catalog.
 */
final class AckVerdict {
  private final List<String> marks;
  private final Tree initial;
  private final Map<String, Set<String>> versions;

  AckVerdict(List<String> marks, Tree initial) {
    this.marks = List.copyOf(marks);
    this.initial = initial;
    this.versions = AckedFilesChecker.versions(marks);
  }

  /** ok, D or A for {@code t} after {@code acks} acknowledgements. */
  String judge(Tree t, int acks) {
    if (t == null) {
      return "A";
    }
    CheckResult r;
    try {
      r = AckedFilesChecker.check(marks.subList(0, Math.min(acks, marks.size())), p -> actual(t, p));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (r.outcome() == CheckResult.Outcome.PASS) {
      return "ok";
    }
    for (Map.Entry<String, Set<String>> e : versions.entrySet()) {
      String now = actual(t, e.getKey());
      Set<String> known = new HashSet<>(e.getValue());
      known.add(actual(initial, e.getKey()));
      if (!known.contains(now)) {
        return "A";
      }
    }
    return "D";
  }

  /** "absent", "not a regular file (...)" or the SHA-256 of the content, as the checker wants. */
  static String actual(Tree t, String path) {
    String[] parts = path.split("/");
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      prefix.append(i == 0 ? "" : "/").append(parts[i]);
      Tree.Fact f = t.files.get(prefix.toString());
      if (f != null && f.type() == 'l') {
        return "not a regular file (reached through the symbolic link '" + prefix + "')";
      }
    }
    Tree.Fact f = t.files.get(path);
    if (f == null) {
      return "absent";
    }
    if (f.type() != 'f') {
      return "not a regular file (" + (f.type() == 'l' ? "a symbolic link" : f.type() == 'd' ? "a directory" : "special") + ")";
    }
    return f.sha256();
  }

  /** The worse of two verdicts (A over D over ok). */
  static String worse(String a, String b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(String v) {
    return switch (v) {
      case "A" -> 2;
      case "D" -> 1;
      default -> 0;
    };
  }
}
