package dev.blackout.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A {@code --report DIR} that Blackout may write into and clean: a new directory, an empty one, or
 * one an earlier run marked as its own with {@value #MARK}. A directory with other content (the
 * user's home, {@code /}) is refused in one line: nothing Blackout did not write is ever deleted.
 */
final class ReportDirectory {
  /** The file that says "Blackout made this report directory". */
  static final String MARK = ".blackout-report";

  private ReportDirectory() {}

  /** Creates or checks {@code dir} as above and marks it; returns it. */
  static Path prepare(Path dir) throws IOException {
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
      throw new CliException(
          "--report '" + dir + "' is a file, not a directory",
          "give --report a directory (it is created if missing)");
    }
    if (Files.isDirectory(dir) && !Files.exists(dir.resolve(MARK), LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new CliException(
              "--report '" + dir + "' is not empty and was not written by blackout (it has no "
                  + MARK + ")",
              "give --report a new or empty directory: blackout never deletes what it did not"
                  + " write");
        }
      }
    }
    try {
      Files.createDirectories(dir);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new CliException(
          "--report '" + dir + "' cannot be created: '" + e.getFile() + "' is a file",
          "give --report a directory path");
    }
    Path mark = dir.resolve(MARK);
    if (!Files.exists(mark, LinkOption.NOFOLLOW_LINKS)) {
      Files.writeString(mark, "written by blackout explore; blackout may replace what is here\n");
    }
    return dir;
  }
}
