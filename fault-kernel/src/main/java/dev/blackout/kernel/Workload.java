package dev.blackout.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A workload to calibrate with: a program given by a host path (a static binary, or a script that
 * busybox {@code sh} runs on both sides), its arguments, and the directory whose files it starts
 * from (null: empty). It runs with the test file system's root as working directory and
 * acknowledges with {@code blackout mark TEXT}.
 *
 * @param name a short name for reports
 */
public record Workload(String name, Path command, List<String> args, Path setup) {

  public Workload {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(command, "command");
    args = List.copyOf(args);
  }

  /** Whether the program is an ELF binary (run directly) rather than a script (run by busybox sh). */
  boolean isBinary() {
    try (var in = Files.newInputStream(command)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
    } catch (IOException e) {
      throw new CalibrationException("cannot read the workload " + command + ": " + e.getMessage(), e);
    }
  }

  /** The command line that runs the workload from {@code programPath} with {@code busybox}. */
  List<String> commandLine(String programPath, String busybox) {
    List<String> line = new ArrayList<>();
    if (!isBinary()) {
      line.add(busybox);
      line.add("sh");
    }
    line.add(programPath);
    line.addAll(args);
    return line;
  }

  /** Single-quotes {@code s} for sh. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
