package dev.blackout.core.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a directory tree holds, for comparing it before and after a run: for every entry its type,
 * permissions, size and content hash (the target for a symbolic link). Times are left out: a
 * recovery may legitimately touch them. Symbolic links are never followed.
 */
record StateDigest(SortedMap<String, String> entries) {

  StateDigest {
    entries = new TreeMap<>(entries);
  }

  static StateDigest of(Path root) throws IOException {
    SortedMap<String, String> entries = new TreeMap<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (!dir.equals(root)) {
              entries.put(relative(root, dir), "dir " + mode(dir));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            String description;
            if (attrs.isSymbolicLink()) {
              description = "symlink -> " + Files.readSymbolicLink(file);
            } else if (attrs.isRegularFile()) {
              description =
                  "file " + mode(file) + " size " + attrs.size() + " sha256 " + sha256(file);
            } else {
              description = "special " + mode(file);
            }
            entries.put(relative(root, file), description);
            return FileVisitResult.CONTINUE;
          }
        });
    return new StateDigest(entries);
  }

  /** Human descriptions of what changed from {@code this} to {@code after}, by path order. */
  List<String> differences(StateDigest after) {
    List<String> changes = new ArrayList<>();
    for (Map.Entry<String, String> e : entries.entrySet()) {
      String now = after.entries.get(e.getKey());
      if (now == null) {
        changes.add("removed '" + e.getKey() + "'");
      } else if (!now.equals(e.getValue())) {
        changes.add("changed '" + e.getKey() + "' (" + e.getValue() + " -> " + now + ")");
      }
    }
    for (String path : after.entries.keySet()) {
      if (!entries.containsKey(path)) {
        changes.add("added '" + path + "'");
      }
    }
    return changes;
  }

  private static String relative(Path root, Path p) {
    return root.relativize(p).toString();
  }

  private static String mode(Path p) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    return view == null ? "?" : PosixFilePermissions.toString(view.readAttributes().permissions());
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest = newSha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
