package dev.blackout.core.explore;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

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
   */
  public static void delete(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
            d.toFile().setWritable(true, true);
            d.toFile().setExecutable(true, true);
            d.toFile().setReadable(true, true);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
