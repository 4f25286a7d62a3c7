package dev.blackout.core.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Kills a checker process and everything it started, including processes that were re-parented away
 * from the tree (a background {@code sleep &} whose shell exited): those are found by the run token
 * every checker process inherits in its environment, read from {@code /proc/PID/environ}.
 */
final class ProcessTree {

  private static final Path PROC = Path.of("/proc");
  private static final int SWEEP_ROUNDS = 5;

  private ProcessTree() {}

  static void kill(Process process, Set<ProcessHandle> seen, String token) {
    if (process.isAlive()) {
      process.descendants().forEach(seen::add);
      process.destroyForcibly();
    }
    for (ProcessHandle handle : seen) {
      if (handle.isAlive()) {
        handle.destroyForcibly();
      }
    }
    byte[] needle =
        (CommandChecker.RUN_TOKEN_VARIABLE + "=" + token).getBytes(StandardCharsets.UTF_8);
    for (int round = 0; round < SWEEP_ROUNDS; round++) {
      List<ProcessHandle> found = carrying(needle, process.pid());
      if (found.isEmpty()) {
        break;
      }
      found.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /**
   * The live processes whose environment holds {@code needle} as one entry. Only pids from {@code
   * firstPid} on are read: Linux hands out pids in increasing order, so everything the checker
   * started has a larger pid than the checker itself, unless the pid counter wrapped around during
   * the check (then the tracked descendants are still killed). This keeps the sweep to the few
   * processes younger than the checker.
   */
  static List<ProcessHandle> carrying(byte[] needle, long firstPid) {
    List<ProcessHandle> found = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
          continue;
        }
        long pid;
        try {
          pid = Long.parseLong(name);
        } catch (NumberFormatException e) {
          continue;
        }
        if (pid == self || pid < firstPid) {
          continue;
        }
        byte[] environ;
        try {
          environ = Files.readAllBytes(entry.resolve("environ"));
        } catch (IOException | SecurityException e) {
          continue; // gone, or somebody else's process
        }
        if (containsEntry(environ, needle)) {
          ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(found::add);
        }
      }
    } catch (IOException e) {
      // No /proc: only the tracked tree was killed.
    }
    return found;
  }

  static boolean containsEntry(byte[] environ, byte[] needle) {
    int start = 0;
    while (start < environ.length) {
      int end = start;
      while (end < environ.length && environ[end] != 0) {
        end++;
      }
      if (end - start == needle.length) {
        boolean same = true;
        for (int i = 0; i < needle.length && same; i++) {
          same = environ[start + i] == needle[i];
        }
        if (same) {
          return true;
        }
      }
      start = end + 1;
    }
    return false;
  }
}
