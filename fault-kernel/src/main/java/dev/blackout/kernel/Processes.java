package dev.blackout.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs host tools (mkfs, mount, fsck, apt-get, ...) and reports their failure in one line. */
final class Processes {
  private Processes() {}

  /** The exit status and the merged output of a finished command. */
  record Result(int status, String output) {
    boolean ok() {
      return status == 0;
    }

    /** The last non-empty line of the output, for one-line errors. */
    String lastLine() {
      String[] lines = output.strip().split("\n");
      return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
  }

  /** Runs {@code command} in {@code dir} (null: here), waiting at most {@code timeoutSeconds}. */
  static Result run(Path dir, long timeoutSeconds, List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Path out = null;
    try {
      out = Files.createTempFile("blackout-cmd-", ".out");
      pb.redirectOutput(out.toFile());
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor();
        return new Result(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, "cannot run " + command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted: " + String.join(" ", command));
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a leftover temporary file
        }
      }
    }
  }

  static Result run(String... command) {
    return run(null, 600, List.of(command));
  }

  /** Runs a command that must succeed; its failure becomes a {@link CalibrationException}. */
  static String check(String what, String... command) {
    Result r = run(command);
    if (!r.ok()) {
      throw new CalibrationException(
          what + " failed (" + String.join(" ", command) + ", status " + r.status() + "): " + r.lastLine());
    }
    return r.output();
  }

  /** The directory on PATH holding {@code tool}, or null. */
  static Path which(String tool) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    for (String d : dirs) {
      if (d.isEmpty()) {
        continue;
      }
      Path p = Path.of(d, tool);
      if (Files.isExecutable(p) && !Files.isDirectory(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * The path of {@code tool}; a missing one is a one-line error naming the Debian package that
   * brings it.
   */
  static Path require(String tool, String debianPackage) {
    Path p = which(tool);
    if (p == null) {
      throw new CalibrationException(
          tool + " is missing; install it with: apt-get update && apt-get install -y " + debianPackage);
    }
    return p;
  }
}
