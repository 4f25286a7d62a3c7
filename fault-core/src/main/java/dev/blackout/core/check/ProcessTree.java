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
  private static final Path LAST_PID = PROC.resolve("sys/kernel/ns_last_pid");
  private static final int SWEEP_ROUNDS = 5;
  private static final int EXEC_RETRIES = 50;
  private static final long PF_KTHREAD = 0x00200000L;

  private ProcessTree() {}

  /** Beyond this run time a check gets a sweep of every process (about 10 ms, see mayBeYounger). */
  static final long THOROUGH_AFTER_NANOS = 1_000_000_000L;

  /**
   * Kills {@code process}, the descendants {@code seen} while it ran, and every process carrying
   * {@code token}; {@code ranNanos} is how long the check ran.
   */
  static void kill(Process process, Set<ProcessHandle> seen, String token, long ranNanos) {
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
      // A long check may have seen the pid counter go all the way around: read everything then.
      long firstPid = ranNanos >= THOROUGH_AFTER_NANOS ? 0 : process.pid();
      List<ProcessHandle> found = carrying(needle, firstPid);
      if (found.isEmpty()) {
        break;
      }
      found.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /**
   * The live processes whose environment holds {@code needle} as one entry.
   *
   * <p>To stay cheap it reads only pids the checker's processes can have. Linux hands out pids in
   * increasing order and wraps around at {@code pid_max} (32768 on many systems, reached within
   * minutes on a busy machine): everything started since the checker has a pid from {@code
   * firstPid} (the checker's own) up to the last pid allocated ({@code
   * /proc/sys/kernel/ns_last_pid}), or, when the counter wrapped since, from {@code firstPid} up
   * and from 1 to the last pid. Without {@code ns_last_pid} every process is read.
   */
  static List<ProcessHandle> carrying(byte[] needle, long firstPid) {
    List<ProcessHandle> found = new ArrayList<>();
    List<Long> uncertain = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    long lastPid = lastAllocatedPid();
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
        if (pid == self || !mayBeYounger(pid, firstPid, lastPid)) {
          continue;
        }
        byte[] environ = environ(pid);
        if (environ == null) {
          continue; // gone, or somebody else's process
        }
        if (environ.length == 0 && inExec(pid)) {
          uncertain.add(pid);
        } else if (containsEntry(environ, needle)) {
          ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(found::add);
        }
      }
    } catch (IOException e) {
      // No /proc: only the tracked tree was killed.
    }
    for (int attempt = 0; attempt < EXEC_RETRIES && !uncertain.isEmpty(); attempt++) {
      pause();
      for (var it = uncertain.iterator(); it.hasNext(); ) {
        long pid = it.next();
        byte[] environ = environ(pid);
        if (environ == null || environ.length > 0 || !inExec(pid)) {
          it.remove();
          if (environ != null && containsEntry(environ, needle)) {
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(found::add);
          }
        }
      }
    }
    return found;
  }

  /** The raw environment block of {@code pid}, or null when it cannot be read. */
  private static byte[] environ(long pid) {
    try {
      return Files.readAllBytes(PROC.resolve(pid + "/environ"));
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  /**
   * Whether an empty environment is only a process caught in the middle of execve (the kernel shows
   * no environment between replacing the memory image and laying out the new stack): true unless it
   * is a zombie or a kernel thread, which have no environment for good.
   */
  private static boolean inExec(long pid) {
    String stat;
    try {
      stat = Files.readString(PROC.resolve(pid + "/stat"));
    } catch (IOException | SecurityException e) {
      return false;
    }
    int close = stat.lastIndexOf(')');
    if (close < 0 || close + 2 >= stat.length()) {
      return false;
    }
    String[] fields = stat.substring(close + 2).split(" ");
    // fields[0] = state (field 3 of stat), fields[6] = flags (field 9)
    if (fields.length < 7 || fields[0].equals("Z") || fields[0].equals("X")) {
      return false;
    }
    try {
      return (Long.parseLong(fields[6]) & PF_KTHREAD) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether {@code pid} may have been allocated after {@code firstPid}, given the last pid. */
  static boolean mayBeYounger(long pid, long firstPid, long lastPid) {
    if (lastPid < 0) {
      return true;
    }
    return lastPid >= firstPid ? pid >= firstPid : pid >= firstPid || pid <= lastPid;
  }

  private static long lastAllocatedPid() {
    try {
      return Long.parseLong(Files.readString(LAST_PID).trim());
    } catch (IOException | NumberFormatException | SecurityException e) {
      return -1;
    }
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
