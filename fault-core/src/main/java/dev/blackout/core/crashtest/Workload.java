package dev.blackout.core.crashtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The code under test, run once while every file operation it makes in {@code dir} is recorded.
 * It works only inside {@code dir} (relative paths of the crash states are relative to it) and
 * calls {@link Markers#mark} whenever it acknowledges something.
 */
@FunctionalInterface
public interface Workload {

  void run(Path dir, Markers markers) throws Exception;

  /**
   * A workload that runs {@code command} as a child process in the recorded directory, with
   * {@code BLACKOUT_CONTROL} (markers through {@code blackout mark}) and {@code BLACKOUT_DIR} set;
   * a non-zero exit status fails the crash test before any exploration.
   */
  static Workload command(String... command) {
    List<String> argv = List.of(command);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("the workload command is empty; give a program to run");
    }
    return (dir, markers) -> {
      // Output goes to a file, not a pipe: a background process the command leaves running
      // inherits it, and reading a pipe to its end would wait for that process too.
      Path log = Files.createTempFile("blackout-workload-", ".log");
      try {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = new HashMap<>(markers.environment());
        env.put("BLACKOUT_DIR", dir.toString());
        pb.environment().putAll(env);
        int status = pb.start().waitFor();
        if (status != 0) {
          String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).strip();
          throw new IOException("workload command " + argv + " exited with status " + status
              + (text.isEmpty() ? "" : ": " + text));
        }
      } finally {
        Files.deleteIfExists(log);
      }
    };
  }
}
