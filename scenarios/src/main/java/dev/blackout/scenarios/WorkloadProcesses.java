package dev.blackout.scenarios;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a scenario's workload as separate JVMs ({@link WorkloadMain}), one per role, all at once,
 * in a given directory with a given environment, and waits for them.
 */
public final class WorkloadProcesses {
  private WorkloadProcesses() {}

  /** The command line of one role's process, on this JVM's class path. */
  public static List<String> command(Scenario s, String role) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(java, "-XX:TieredStopAtLevel=1", "-cp", classPath(),
        WorkloadMain.class.getName(), s.name(), role);
  }

  /** This JVM's class path with every entry absolute: the workload runs in another directory. */
  static String classPath() {
    String sep = java.io.File.pathSeparator;
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(sep))
        .filter(e -> !e.isEmpty())
        .map(e -> Path.of(e).toAbsolutePath().toString())
        .collect(java.util.stream.Collectors.joining(sep));
  }

  /**
   * Runs every role of {@code s} at once in {@code dir}; each process's output goes to {@code
   * logDir/ROLE.log}.
   *
   * @throws IOException naming the role and its output when a process failed or timed out
   */
  public static void run(Scenario s, Path dir, Map<String, String> env, Path logDir,
      Duration timeout) throws IOException {
    Files.createDirectories(logDir);
    List<Process> started = new ArrayList<>();
    try {
      for (String role : s.roles()) {
        ProcessBuilder pb = new ProcessBuilder(s.launch(role, command(s, role), dir, env))
            .directory(dir.toFile())
            .redirectErrorStream(true).redirectOutput(logDir.resolve(role + ".log").toFile());
        pb.environment().putAll(env);
        started.add(pb.start());
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      for (int i = 0; i < started.size(); i++) {
        Process p = started.get(i);
        String role = s.roles().get(i);
        long left = Math.max(0, deadline - System.nanoTime());
        if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
          throw new IOException("workload " + s.name() + "/" + role + " did not finish within "
              + timeout.toSeconds() + " s; its output: " + tail(logDir.resolve(role + ".log")));
        }
        if (p.exitValue() != 0) {
          throw new IOException("workload " + s.name() + "/" + role + " exited with "
              + p.exitValue() + ": " + tail(logDir.resolve(role + ".log")));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for workload " + s.name(), e);
    } finally {
      for (Process p : started) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
  }

  private static String tail(Path log) {
    try {
      String s = Files.readString(log, StandardCharsets.UTF_8).strip();
      return s.isEmpty() ? "(nothing)" : s.length() > 600 ? "..." + s.substring(s.length() - 600) : s;
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
