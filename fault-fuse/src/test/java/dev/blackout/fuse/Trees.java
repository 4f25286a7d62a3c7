package dev.blackout.fuse;

import dev.blackout.core.image.FsImage;
import dev.blackout.core.image.Materializer;
import dev.blackout.core.trace.Trace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Test helpers: a comparable description of a directory tree, and replaying a trace to a tree. */
final class Trees {
  private Trees() {}

  /** One line per path: type, permissions, size, content digest, link target, hard-link group. */
  static TreeMap<String, String> snapshot(Path root) throws IOException {
    TreeMap<String, String> out = new TreeMap<>();
    Map<Object, String> firstOfKey = new HashMap<>();
    walk(root, root, out, firstOfKey);
    return out;
  }

  private static void walk(
      Path root, Path dir, TreeMap<String, String> out, Map<Object, String> firstOfKey)
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
        walk(root, p, out, firstOfKey);
      } else {
        String first = firstOfKey.putIfAbsent(a.fileKey(), rel);
        out.put(
            rel,
            (a.isRegularFile() ? "FILE " : "OTHER ")
                + perms
                + " "
                + a.size()
                + " "
                + (a.isRegularFile() ? digest(p) : "")
                + (first == null ? "" : " link-of " + first));
      }
    }
  }

  static String digest(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Applies every op of {@code trace} to its initial image and writes the result to {@code out}.
   */
  static Path replay(Trace trace, Path out) throws IOException {
    FsImage image = FsImage.of(trace.image());
    image.applyAll(trace.ops());
    return Materializer.materialize(image, out);
  }
}
