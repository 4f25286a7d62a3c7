package dev.blackout.kernel;

import dev.blackout.core.image.FsImage;
import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What calibration compares: the workload's files in a state, each with its type, size, content
 * (a SHA-256 and a short preview) and link target. Real states (a recovered disk image) and model
 * states (an {@link FsImage}) project onto the same form. Modes, owners, times and extended
 * attributes are left out: the models do not claim them.
 */
final class Tree {
  /** One file: type {@code f} regular, {@code d} directory, {@code l} symbolic link, {@code o} other. */
  record Fact(char type, long size, String sha256, String preview, String target) {
    String describe() {
      return switch (type) {
        case 'd' -> "directory";
        case 'l' -> "symlink -> " + target;
        case 'o' -> "special file";
        default -> size + " bytes " + preview;
      };
    }
  }

  final SortedMap<String, Fact> files;
  private final String key;

  private Tree(SortedMap<String, Fact> files) {
    this.files = Collections.unmodifiableSortedMap(files);
    StringBuilder k = new StringBuilder();
    files.forEach((p, f) -> k.append(p).append('\0').append(f.type).append(f.size).append(f.sha256)
        .append(f.target == null ? "" : f.target).append('\n'));
    this.key = k.toString();
  }

  /** A string equal for equal trees. */
  String key() {
    return key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tree t && t.key.equals(key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  /** The files under {@code root} (a mounted state); {@code lost+found} at the top is left out. */
  static Tree of(Path root) throws IOException {
    SortedMap<String, Fact> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.equals(root)) {
          continue;
        }
        String rel = root.relativize(p).toString();
        if (rel.equals("lost+found") || rel.startsWith("lost+found/")) {
          continue;
        }
        if (Files.isSymbolicLink(p)) {
          files.put(rel, new Fact('l', 0, "", "", Files.readSymbolicLink(p).toString()));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          files.put(rel, new Fact('d', 0, "", "", null));
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          files.put(rel, regular(Files.readAllBytes(p)));
        } else {
          files.put(rel, new Fact('o', 0, "", "", null));
        }
      }
    }
    return new Tree(files);
  }

  /** The files of a model's image, reachable from the root. */
  static Tree of(FsImage image) {
    SortedMap<String, Fact> files = new TreeMap<>();
    walk(image, InitialImage.ROOT_INODE, "", files, 0);
    return new Tree(files);
  }

  private static void walk(FsImage image, long dir, String prefix, Map<String, Fact> out, int depth) {
    if (depth > 64) {
      return;
    }
    for (Map.Entry<String, Long> e : image.list(dir).entrySet()) {
      String path = prefix + e.getKey();
      long ino = e.getValue();
      FileType t = image.type(ino);
      switch (t) {
        case DIRECTORY -> {
          out.put(path, new Fact('d', 0, "", "", null));
          walk(image, ino, path + "/", out, depth + 1);
        }
        case SYMLINK -> out.put(path, new Fact('l', 0, "", "", image.linkTarget(ino)));
        case REGULAR -> out.put(path, regular(image.read(ino)));
        default -> out.put(path, new Fact('o', 0, "", "", null));
      }
    }
  }

  static Fact regular(byte[] content) {
    return new Fact('f', content.length, sha256(content), preview(content), null);
  }

  /** Up to 32 characters of content: text as is, NUL as \0, other bytes as \xNN; all zeros named so. */
  static String preview(byte[] c) {
    if (c.length == 0) {
      return "(empty)";
    }
    boolean zeros = true;
    for (byte b : c) {
      if (b != 0) {
        zeros = false;
        break;
      }
    }
    if (zeros) {
      return "(all zero bytes)";
    }
    StringBuilder s = new StringBuilder("'");
    for (int i = 0; i < Math.min(c.length, 32); i++) {
      int b = c[i] & 0xff;
      if (b == 0) {
        s.append("\\0");
      } else if (b == '\n') {
        s.append("\\n");
      } else if (b >= 32 && b < 127 && b != '\\' && b != '\'') {
        s.append((char) b);
      } else {
        s.append(String.format("\\x%02x", b));
      }
    }
    return s.append(c.length > 32 ? "...'" : "'").toString();
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The files in one line each, e.g. {@code db: 4 bytes (all zero bytes)}. */
  String describe() {
    if (files.isEmpty()) {
      return "(no files)";
    }
    List<String> out = new ArrayList<>();
    files.forEach((p, f) -> out.add(p + ": " + f.describe()));
    return String.join("; ", out);
  }

  /** How many paths differ (missing on one side, or with other type, size or content). */
  int distance(Tree other) {
    int d = 0;
    TreeSet<String> all = new TreeSet<>(files.keySet());
    all.addAll(other.files.keySet());
    for (String p : all) {
      Fact a = files.get(p);
      Fact b = other.files.get(p);
      if (a == null || b == null || !a.equals(b)) {
        d++;
      }
    }
    return d;
  }

  /** The differences from {@code other}, e.g. {@code db: 4 bytes (all zero bytes) vs 4 bytes '2\n'}. */
  List<String> diff(Tree other) {
    List<String> out = new ArrayList<>();
    TreeSet<String> all = new TreeSet<>(files.keySet());
    all.addAll(other.files.keySet());
    for (String p : all) {
      Fact a = files.get(p);
      Fact b = other.files.get(p);
      if (a == null || b == null || !a.equals(b)) {
        out.add(p + ": " + (a == null ? "absent" : a.describe()) + " vs " + (b == null ? "absent" : b.describe()));
      }
    }
    return out;
  }
}
