package dev.blackout.kernel;

import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceReader;
import dev.blackout.fuse.FuseRecorder;
import dev.blackout.fuse.MarkClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The model side's input: the workload recorded through the FUSE recorder on the host, from the
 * same setup files, with {@code blackout mark} adding markers to the trace. Also runs the
 * workload on a plain host directory for the {@code prefix} model's evidence ({@link HostKills}).
 */
final class HostRecording {
  private HostRecording() {}

  /** Records {@code w} under {@code work} and returns the trace. */
  static Trace record(Workload w, Path work) throws IOException {
    Path backing = Files.createDirectories(work.resolve("backing"));
    Path mount = Files.createDirectories(work.resolve("mnt"));
    Path trace = work.resolve("trace");
    copySetup(w, backing);
    Path marks = work.resolve("marks.fifo");
    Path acks = work.resolve("acks.fifo");
    Processes.check("mkfifo", "mkfifo", marks.toString(), acks.toString());
    Path shim = shim(work.resolve("bin"), String.join("\n",
        "[ \"$1\" = mark ] && [ $# -ge 2 ] || { echo \"blackout: only 'blackout mark TEXT...' works here\" >&2; exit 2; }",
        "shift",
        "printf '%s\\n' \"$*\" > " + Workload.quote(marks.toString()),
        "read -r ok < " + Workload.quote(acks.toString()),
        "[ \"$ok\" = ok ] || { echo \"blackout: $ok\" >&2; exit 2; }", ""));
    int status;
    try (FuseRecorder rec = FuseRecorder.start(backing, mount, trace);
        MarkRelay relay = new MarkRelay(rec, marks, acks)) {
      ProcessBuilder pb = new ProcessBuilder(
              ProcessGroup.leading(w.commandLine(w.command().toAbsolutePath().toString(), busybox()), busybox()))
          .directory(rec.mountPoint().toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(work.resolve("workload.out").toFile());
      pb.environment().put(MarkClient.CONTROL_ENV, rec.controlSocket().toString());
      pb.environment().merge("PATH", shim.toString(), (old, dir) -> dir + ":" + old);
      Process p = pb.start();
      try {
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
          ProcessGroup.kill(p);
          throw new CalibrationException("workload " + w.name() + " did not end within 10 min on the host");
        }
      } catch (InterruptedException e) {
        ProcessGroup.kill(p);
        Thread.currentThread().interrupt();
        throw new CalibrationException("interrupted while recording " + w.name());
      }
      status = p.exitValue();
    }
    if (status != 0) {
      throw new CalibrationException("workload " + w.name() + " exited with status " + status + " under the recorder: "
          + Qemu.lastLine(work.resolve("workload.out")));
    }
    return TraceReader.read(trace);
  }

  /**
   * Turns the lines the shim writes into the marks FIFO into markers (the workload's later
   * operations wait for the answer), much faster than a JVM per mark.
   */
  private static final class MarkRelay implements AutoCloseable {
    private final Path marks;
    private final Thread thread;
    private volatile boolean done;

    MarkRelay(FuseRecorder rec, Path marks, Path acks) {
      this.marks = marks;
      this.thread = new Thread(() -> {
        while (!done) {
          String line;
          try (java.io.BufferedReader r = Files.newBufferedReader(marks)) {
            line = r.readLine();
          } catch (IOException e) {
            return;
          }
          if (done || line == null) {
            continue;
          }
          String answer;
          try {
            rec.mark(line);
            answer = "ok";
          } catch (IOException | RuntimeException e) {
            answer = "cannot add the marker: " + e.getMessage();
          }
          try {
            Files.writeString(acks, answer.replace('\n', ' ') + "\n");
          } catch (IOException e) {
            return;
          }
        }
      }, "calibrate-marks");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() {
      done = true;
      // read-write open of a FIFO never blocks (Linux): wakes the thread if it waits for a writer
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(marks,
          java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}));
        thread.join(5000);
      } catch (IOException e) {
        // the thread is a daemon
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static String busybox() {
    if (!Files.isExecutable(Path.of("/bin/busybox"))) {
      throw new CalibrationException("busybox is missing; install it with: apt-get update && apt-get install -y busybox-static");
    }
    return "/bin/busybox";
  }

  /** A directory holding a {@code blackout} script with {@code body}. */
  static Path shim(Path dir, String body) throws IOException {
    Files.createDirectories(dir);
    Path f = dir.resolve("blackout");
    Files.writeString(f, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
    return dir;
  }

  /** Copies the workload's setup files (if any) into {@code dir}, keeping links and modes. */
  static void copySetup(Workload w, Path dir) throws IOException {
    if (w.setup() == null) {
      return;
    }
    Path root = w.setup();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
        if (p.equals(root)) {
          continue;
        }
        Path t = dir.resolve(root.relativize(p).toString());
        if (Files.isSymbolicLink(p)) {
          Files.createSymbolicLink(t, Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
      }
    }
  }
}
