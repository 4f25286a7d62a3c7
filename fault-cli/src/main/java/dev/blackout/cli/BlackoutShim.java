package dev.blackout.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * A private directory holding a {@code blackout} script that runs this very command line (same
 * Java, same class path), put first on a recorded command's PATH so that {@code blackout mark}
 * works inside it whether or not blackout is installed. With {@code --allow-other} the recorded
 * command may run programs as other users, so the script is then readable and executable by
 * everyone (in a directory others may search but not list), as the control socket is.
 */
final class BlackoutShim {
  private BlackoutShim() {}

  static Path create(boolean shared) throws IOException {
    Path dir =
        Files.createTempDirectory(
            "blackout-bin-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    if (shared) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String script =
        "#!/bin/sh\n"
            + "exec "
            + quote(java.toString())
            + " -cp "
            + quote(System.getProperty("java.class.path"))
            + " "
            + Main.class.getName()
            + " \"$@\"\n";
    Path file = dir.resolve("blackout");
    Files.writeString(file, script);
    Files.setPosixFilePermissions(
        file, PosixFilePermissions.fromString(shared ? "rwxr-xr-x" : "rwx------"));
    return dir;
  }

  /** Removes a directory {@link #create} made; null and missing directories are fine. */
  static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a leftover temporary script is harmless
    }
  }

  /** Single-quotes {@code s} for /bin/sh. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
