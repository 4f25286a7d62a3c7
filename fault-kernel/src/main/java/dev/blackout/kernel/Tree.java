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

  /** Files up to this size keep their bytes, for diffs. */
  static final int KEEP = 8 * 1024;

  final SortedMap<String, Fact> files;
  private final Map<String, byte[]> contents;
  private final String key;

  private Tree(SortedMap<String, Fact> files, Map<String, byte[]> contents) {
    this.files = Collections.unmodifiableSortedMap(files);
    this.contents = contents;
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
    Map<String, byte[]> contents = new TreeMap<>();
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
          byte[] c = Files.readAllBytes(p);
          files.put(rel, regular(c));
          if (c.length <= KEEP) {
            contents.put(rel, c);
          }
        } else {
          files.put(rel, new Fact('o', 0, "", "", null));
        }
      }
    }
    return new Tree(files, contents);
  }

  /** The files of a model's image, reachable from the root. */
  static Tree of(FsImage image) {
    SortedMap<String, Fact> files = new TreeMap<>();
    Map<String, byte[]> contents = new TreeMap<>();
    walk(image, InitialImage.ROOT_INODE, "", files, contents, 0);
    return new Tree(files, contents);
  }

  private static void walk(FsImage image, long dir, String prefix, Map<String, Fact> out, Map<String, byte[]> contents,
      int depth) {
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
          walk(image, ino, path + "/", out, contents, depth + 1);
        }
        case SYMLINK -> out.put(path, new Fact('l', 0, "", "", image.linkTarget(ino)));
        case REGULAR -> {
          byte[] c = image.read(ino);
          out.put(path, regular(c));
          if (c.length <= KEEP) {
            contents.put(path, c);
          }
        }
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

  /**
   * How far {@code other} is: a million per path that differs (missing on one side, other type,
   * size or content), plus the bytes that differ within files of equal size.
   */
  long distance(Tree other) {
    long d = 0;
    TreeSet<String> all = new TreeSet<>(files.keySet());
    all.addAll(other.files.keySet());
    for (String p : all) {
      Fact a = files.get(p);
      Fact b = other.files.get(p);
      if (a == null || b == null || !a.equals(b)) {
        d += 1_000_000;
        byte[] x = contents.get(p);
        byte[] y = other.contents.get(p);
        if (x != null && y != null && x.length == y.length) {
          d -= 1_000_000;
          for (int i = 0; i < x.length; i++) {
            d += x[i] != y[i] ? 1 : 0;
          }
        }
      }
    }
    return d;
  }

  /** Where two contents first differ, e.g. {@code bytes [100, 4096) differ: '\0\0...' vs 'tt...'}. */
  static String byteDiff(byte[] a, byte[] b) {
    if (a == null || b == null) {
      return "";
    }
    int n = Math.min(a.length, b.length);
    int i = 0;
    while (i < n && a[i] == b[i]) {
      i++;
    }
    if (i == n) {
      return a.length == b.length ? "" : "one is a prefix of the other";
    }
    int j = i;
    while (j < n && a[j] != b[j]) {
      j++;
    }
    return "bytes [" + i + ", " + j + ") differ first: " + preview(java.util.Arrays.copyOfRange(a, i, j)) + " vs "
        + preview(java.util.Arrays.copyOfRange(b, i, j));
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
        String bytes = byteDiff(contents.get(p), other.contents.get(p));
        out.add(p + ": " + (a == null ? "absent" : a.describe()) + " vs " + (b == null ? "absent" : b.describe())
            + (bytes.isEmpty() ? "" : " (" + bytes + ")"));
      }
    }
    return out;
  }
}
