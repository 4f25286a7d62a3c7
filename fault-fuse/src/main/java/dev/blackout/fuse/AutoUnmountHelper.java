package dev.blackout.fuse;

import dev.blackout.fuse.internal.LibC;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code fusermount3} process that {@code -o auto_unmount} leaves beside a mount. It waits on a
 * socket whose other end libfuse keeps open in this process for good, and unmounts when this
 * process dies. Once {@link Fuse#close} has unmounted and freed the file system it has nothing left
 * to do, yet it would stay (with copies of every descriptor this process had when it was started)
 * until the JVM exits: one more per recording in a long test run. So it is stopped and reaped.
 */
final class AutoUnmountHelper {
  private static final long GRACE_MS = 1_000;
  private static final int WNOHANG = 1;

  private AutoUnmountHelper() {}

  /** Stops and reaps this process's {@code fusermount3} children serving {@code mountPoint}. */
  static int release(Path mountPoint) {
    String mp = mountPoint.toString();
    List<ProcessHandle> helpers =
        ProcessHandle.current()
            .children()
            .filter(p -> isHelperFor(p.info(), mp))
            .toList();
    for (ProcessHandle p : helpers) {
      p.destroy();
      if (!reap(p, GRACE_MS)) {
        p.destroyForcibly();
        reap(p, GRACE_MS);
      }
    }
    return helpers.size();
  }

  /** {@code fusermount3 ... -- MOUNTPOINT}, as libfuse starts it. */
  static boolean isHelperFor(ProcessHandle.Info info, String mountPoint) {
    boolean fusermount =
        info.command().map(c -> Path.of(c).getFileName().toString().equals("fusermount3"))
            .orElse(false);
    String[] args = info.arguments().orElse(new String[0]);
    return fusermount
        && args.length >= 2
        && args[args.length - 2].equals("--")
        && args[args.length - 1].equals(mountPoint);
  }

  /** Collects the exit of {@code p} (libfuse never does), waiting up to {@code millis}. */
  private static boolean reap(ProcessHandle p, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    int[] status = new int[1];
    while (true) {
      int r = LibC.waitpid((int) p.pid(), status, WNOHANG);
      if (r != 0) {
        return true; // reaped, or not our child to reap (gone already)
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
