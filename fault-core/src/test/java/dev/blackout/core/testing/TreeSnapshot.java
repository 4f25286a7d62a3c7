package dev.blackout.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A description of a real directory tree, one line per path below the root (never following a
 * symlink): type, permission bits, size, content digest, symlink target, and which hard links share
 * a file (named by the first path, in sorted order, of the group). Two trees the same to a checker
 * have equal snapshots.
 */
public final class TreeSnapshot {
  private TreeSnapshot() {}

  public static TreeMap<String, String> of(Path root) throws IOException {
    TreeMap<String, String> out = new TreeMap<>();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    TreeMap<String, Object> keys = new TreeMap<>();
    walk(root, root, out, keys);
    Map<Object, String> firstOfKey = new HashMap<>();
    for (Map.Entry<String, Object> e : keys.entrySet()) {
      String first = firstOfKey.computeIfAbsent(e.getValue(), k -> e.getKey());
      if (!first.equals(e.getKey())) {
        out.put(e.getKey(), out.get(e.getKey()) + " hardlink-of " + first);
      }
    }
    return out;
  }

  private static void walk(Path root, Path dir, Map<String, String> out, Map<String, Object> keys)
      throws IOException {
    List<Path> children;
    try (Stream<Path> s = Files.list(dir)) {
      children = s.sorted().toList();
    }
    for (Path p : children) {
      String rel = root.relativize(p).toString();
      PosixFileAttributes a =
          Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      String perms = PosixFilePermissions.toString(a.permissions());
      if (a.isSymbolicLink()) {
        out.put(rel, "LINK -> " + Files.readSymbolicLink(p));
      } else if (a.isDirectory()) {
        out.put(rel, "DIR " + perms);
        walk(root, p, out, keys);
      } else if (a.isRegularFile()) {
        out.put(rel, "FILE " + perms + " " + a.size() + " " + digest(p));
        keys.put(rel, a.fileKey());
      } else {
        out.put(rel, "OTHER " + perms);
        keys.put(rel, a.fileKey());
      }
    }
  }

  /** The first 16 hex digits of the SHA-256 of a regular file's content. */
  public static String digest(Path p) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
      byte[] buf = new byte[65536];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest()).substring(0, 16);
  }
}
