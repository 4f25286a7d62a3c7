package dev.blackout.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps the thread id FUSE reports as the caller ({@code fuse_get_context()->pid}) to its process
 * ({@code Tgid} in {@code /proc/<tid>/status}), cached. A thread that is already gone maps to
 * itself.
 */
final class ProcessIds {
  private final ConcurrentHashMap<Integer, Integer> tgids = new ConcurrentHashMap<>();

  int processOf(int tid) {
    if (tid <= 0) {
      return 0;
    }
    Integer cached = tgids.get(tid);
    if (cached != null) {
      return cached;
    }
    int tgid = read(tid);
    tgids.put(tid, tgid);
    return tgid;
  }

  private static int read(int tid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + tid + "/status"))) {
        if (line.startsWith("Tgid:")) {
          return Integer.parseInt(line.substring(5).trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      // fall through
    }
    return tid;
  }
}
