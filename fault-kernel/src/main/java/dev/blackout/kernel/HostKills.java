package dev.blackout.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The evidence for {@code prefix} (a killed process, the OS surviving): the workload run on a plain
 * directory of the host, killed with SIGKILL (its whole process group at once) at seeded random
 * moments; once every process of the group is gone, what the directory holds is what a clean
 * unmount would keep. No VM is needed.
 */
final class HostKills {
  private HostKills() {}

  /** A state one kill left, with the acknowledgements made before it. */
  record Kill(Tree tree, int acks, long afterMicros) {}

  static List<Kill> run(Workload w, int runs, long seed, Path work) throws IOException {
    List<Kill> out = new ArrayList<>();
    long full = Math.max(1000, once(w, work.resolve("full"), -1).afterMicros());
    out.add(once(w, work.resolve("full2"), -1));
    Random rnd = new Random(seed * 17 + 3);
    for (int r = 0; r < runs; r++) {
      out.add(once(w, work.resolve("kill" + r), (long) (rnd.nextDouble() * full * 1.1)));
    }
    return out;
  }

  /** One run; {@code killAfterMicros < 0}: to the end (returns its duration). */
  private static Kill once(Workload w, Path dir, long killAfterMicros) throws IOException {
    Path root = Files.createDirectories(dir.resolve("root"));
    HostRecording.copySetup(w, root);
    Path marks = dir.resolve("marks");
    Files.writeString(marks, "");
    Path shim = HostRecording.shim(dir.resolve("bin"),
        "[ \"$1\" = mark ] || exit 2\nshift\nprintf '%s\\n' \"$*\" >> \"$BLACKOUT_MARKS\"\n");
    String busybox = HostRecording.busybox();
    ProcessBuilder pb = new ProcessBuilder(
            ProcessGroup.leading(w.commandLine(w.command().toAbsolutePath().toString(), busybox), busybox))
        .directory(root.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("out").toFile());
    pb.environment().put("BLACKOUT_MARKS", marks.toString());
    pb.environment().merge("PATH", shim.toString(), (old, d) -> d + ":" + old);
    long t0 = System.nanoTime();
    Process p = pb.start();
    long after;
    try {
      if (killAfterMicros >= 0) {
        LockSupport.parkNanos(killAfterMicros * 1000);
        ProcessGroup.kill(p);
        after = killAfterMicros;
      } else {
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
          ProcessGroup.kill(p);
          throw new CalibrationException("workload " + w.name() + " did not end within 10 min on the host");
        }
        after = (System.nanoTime() - t0) / 1000;
      }
    } catch (InterruptedException e) {
      ProcessGroup.kill(p);
      Thread.currentThread().interrupt();
      throw new CalibrationException("interrupted");
    }
    Tree t = Tree.of(root);
    int acks = (int) Files.readAllLines(marks).stream().filter(l -> !l.isEmpty()).count();
    GuestKit.deleteTree(dir);
    return new Kill(t, acks, after);
  }
}
