package dev.blackout.core.explore;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * Deleting state directories without following links. Public only so that the crash-test API
 * (dev.blackout.core.crashtest) shares it; not for users.
 */
public final class Workspace {
  private Workspace() {}

  /**
   * The bytes the files below {@code dir} occupy on disk (allocated blocks, so that a sparse file
   * counts what it uses), not following links; what cannot be read counts nothing.
   */
  static long size(Path dir) {
    long[] total = {0};
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              try {
                Object blocks = Files.getAttribute(file, "unix:blocks", LinkOption.NOFOLLOW_LINKS);
                total[0] += blocks instanceof Long b ? b * 512 : attrs.size();
              } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                total[0] += attrs.size();
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // best effort: what was counted so far
    }
    return total[0];
  }

  static void deleteQuietly(Path dir) {
    try {
      delete(dir);
    } catch (IOException e) {
      // best effort: a state the checker made undeletable stays behind
    }
  }

  /**
   * Deletes {@code dir} and everything below it, making directories writable first (a checker may
   * have made them read-only) and never following a symlink; a missing {@code dir} is fine.
   *
   * <p>Trees deeper than the kernel's 4 KiB path limit are deleted too: every directory below
   * {@code dir} is first moved up to a short name directly in {@code dir}, then emptied there, so
   * no path used is longer than {@code dir}'s plus two names.
   */
  public static void delete(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(dir);
      return;
    }
    Deque<Path> todo = new ArrayDeque<>();
    todo.push(dir);
    int moved = 0;
    while (!todo.isEmpty()) {
      Path d = todo.pop();
      openUp(d);
      List<Path> children;
      try (Stream<Path> s = Files.list(d)) {
        children = s.toList();
      }
      for (Path c : children) {
        if (!Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(c);
        } else if (d.equals(dir)) {
          todo.push(c);
        } else {
          Path to;
          do {
            to = dir.resolve(".blackout-deleting-" + moved++);
          } while (Files.exists(to, LinkOption.NOFOLLOW_LINKS));
          openUp(c); // moving a directory to another parent rewrites its ".."
          Files.move(c, to, LinkOption.NOFOLLOW_LINKS);
          todo.push(to);
        }
      }
      if (!d.equals(dir)) {
        Files.delete(d);
      }
    }
    Files.delete(dir);
  }

  private static void openUp(Path d) {
    d.toFile().setWritable(true, true);
    d.toFile().setExecutable(true, true);
    d.toFile().setReadable(true, true);
  }
}
