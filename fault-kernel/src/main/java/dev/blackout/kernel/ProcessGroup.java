package dev.blackout.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A workload started in a process group of its own ({@code busybox setsid}), so that one {@code
 * kill(-pgid, SIGKILL)} stops it and every process it started at the same instant. Killing the
 * processes one by one is not a kill -9 of the workload: a child forked between listing the
 * descendants and killing the shell (an {@code mv}, say) survives as an orphan and keeps changing
 * the directory while its files are read (calibration saw {@code db} and {@code tmp} read with the
 * same content, one before and one after the rename).
 */
final class ProcessGroup {
  private static final int SIGKILL = 9;

  /** kill(2), through JNA. */
  interface LibC extends com.sun.jna.Library {
    int kill(int pid, int sig);
  }

  private static final LibC LIBC = com.sun.jna.Native.load("c", LibC.class);

  private ProcessGroup() {}

  /** {@code command} run as the leader of a new process group (and session) with the same pid. */
  static List<String> leading(List<String> command, String busybox) {
    List<String> line = new ArrayList<>(List.of(busybox, "setsid"));
    line.addAll(command);
    return line;
  }

  /**
   * Sends SIGKILL to the group {@code p} leads, reaps {@code p}, then waits until no process of the
   * group is alive (a killed process finishes the system call it is in before it dies).
   */
  static void kill(Process p) {
    int pgid = Math.toIntExact(p.pid());
    LIBC.kill(-pgid, SIGKILL);
    p.destroyForcibly();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    while (!members(pgid).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new CalibrationException("processes " + members(pgid) + " of the killed workload (process group "
            + pgid + ") are still alive after 30 s");
      }
      LIBC.kill(-pgid, SIGKILL);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }

  /** The live (not zombie) processes whose process group is {@code pgid}, from {@code /proc}. */
  static List<Long> members(long pgid) {
    List<Long> out = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        String stat;
        try {
          stat = Files.readString(proc.resolve("stat"), StandardCharsets.ISO_8859_1);
        } catch (IOException gone) {
          continue;
        }
        // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        if (f.length > 2 && Long.parseLong(f[2]) == pgid && !f[0].equals("Z") && !f[0].equals("X")) {
          out.add(Long.parseLong(proc.getFileName().toString()));
        }
      }
    } catch (IOException e) {
      throw new CalibrationException("cannot list /proc: " + e.getMessage(), e);
    }
    return out;
  }
}
