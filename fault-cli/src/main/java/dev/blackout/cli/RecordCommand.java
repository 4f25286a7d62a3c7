package dev.blackout.cli;

import dev.blackout.fuse.FuseRecorder;
import dev.blackout.fuse.MarkClient;
import dev.blackout.fuse.MountOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code blackout record [--trace FILE] [--backing DIR] [--mount DIR] -- COMMAND [ARG...]}: runs
 * COMMAND in a recording FUSE mount and writes the trace (design.md section 7). Exits with
 * COMMAND's status, or 2 if recording failed.
 */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = {
      "Run COMMAND with a recording file system as its working directory and write every"
          + " change it makes into a trace.",
      "COMMAND runs with BLACKOUT_MOUNT (the mount) and BLACKOUT_CONTROL (the socket"
          + " 'blackout mark' talks to) set. Exit status: COMMAND's, or 2 if recording failed."
    })
final class RecordCommand implements Callable<Integer> {
  static final String MOUNT_ENV = "BLACKOUT_MOUNT";
  private static final int FAILED = 2;
  private static final int STILL_RUNNING = -1;
  private static final int SIGNAL_GRACE_SECONDS = 5;

  @Spec CommandSpec spec;

  @Option(
      names = "--trace",
      paramLabel = "FILE",
      defaultValue = "blackout.trace",
      description = "Where to write the trace (must not exist). Default: ${DEFAULT-VALUE}.")
  Path trace;

  @Option(
      names = "--backing",
      paramLabel = "DIR",
      description =
          "The directory the mount passes through to; its content at start is the"
              + " trace's initial image. Default: a fresh temporary directory, deleted afterwards.")
  Path backing;

  @Option(
      names = "--mount",
      paramLabel = "DIR",
      description = "An empty directory to mount on. Default: a fresh temporary directory.")
  Path mount;

  @Option(
      names = "--allow-other",
      description =
          "Let every user (and containers that bind-mount the directory) use the mount, with"
              + " file modes and owners checked as on a plain directory (allow_other,"
              + " default_permissions). Non-root users need 'user_allow_other' in /etc/fuse.conf.")
  boolean allowOther;

  @Parameters(
      arity = "1..*",
      paramLabel = "COMMAND",
      description = "The command and its" + " arguments (put them after --).")
  List<String> command = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Path tr = trace.toAbsolutePath().normalize();
    String where = traceDirectoryProblem(tr);
    if (where != null) {
      return fail(err, where);
    }
    List<Path> temporary = new ArrayList<>();
    try {
      Path back = backing != null ? backing : temp("blackout-backing-", temporary);
      if (backing == null && allowOther) {
        // the mount's root is this directory: let other users in, as a plain 0755 one would
        Files.setPosixFilePermissions(back, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      Path mnt = mount != null ? mount : temp("blackout-mount-", temporary);
      String inside = insideOf(tr, back, mnt);
      if (inside != null) {
        return fail(
            err,
            "trace file "
                + tr
                + " is inside the "
                + inside
                + "; put it somewhere else with --trace");
      }
      return record(err, back, mnt, tr);
    } catch (IOException e) {
      return fail(err, e.getMessage());
    } finally {
      for (int i = temporary.size() - 1; i >= 0; i--) {
        try {
          deleteTree(temporary.get(i));
        } catch (IOException e) {
          err.println(
              "blackout: cannot delete temporary directory "
                  + temporary.get(i)
                  + ": "
                  + e.getMessage()
                  + "; delete it by hand");
        }
      }
      err.flush();
    }
  }

  /**
   * The command to start: a relative program path such as {@code ./work.sh} names a file where the
   * user stands, not in the mount that becomes its working directory.
   */
  List<String> commandLine() {
    List<String> line = new ArrayList<>(command);
    String program = line.get(0);
    if (program.contains("/") && !program.startsWith("/")) {
      line.set(0, Path.of(program).toAbsolutePath().normalize().toString());
    }
    return line;
  }

  private int record(PrintWriter err, Path back, Path mnt, Path tr) throws IOException {
    FuseRecorder recorder =
        FuseRecorder.start(
            back,
            mnt,
            tr,
            MountOptions.defaults()
                .withAllowOther(allowOther)
                .withNotices(notice -> err.println("blackout record: " + notice)));
    Path shim = null;
    Thread hook =
        new Thread(
            () -> {
              try {
                recorder.close();
              } catch (IOException e) {
                // The main thread reports it if it gets there.
              }
            },
            "blackout-record-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    int status;
    SignalForwarder signals = null;
    try {
      ProcessBuilder pb =
          new ProcessBuilder(commandLine()).directory(recorder.mountPoint().toFile()).inheritIO();
      pb.environment().put(MOUNT_ENV, recorder.mountPoint().toString());
      pb.environment().put(MarkClient.CONTROL_ENV, recorder.controlSocket().toString());
      Process p;
      try {
        shim = BlackoutShim.create(allowOther);
        pb.environment().merge("PATH", shim.toString(), (old, dir) -> dir + ":" + old);
        // Catching signals first: the command may run (and be signalled) before start() returns.
        signals = SignalForwarder.install();
        p = pb.start();
        signals.target(p.toHandle());
      } catch (IOException e) {
        if (signals != null) {
          signals.close();
        }
        closeQuietly(recorder);
        BlackoutShim.delete(shim);
        return fail(
            err,
            "cannot run '"
                + command.get(0)
                + "': "
                + e.getMessage()
                + "; check the command name and PATH");
      }
      status = waitFor(p, signals);
    } catch (RuntimeException e) {
      closeQuietly(recorder);
      throw e;
    } finally {
      BlackoutShim.delete(shim);
    }
    try {
      recorder.close();
    } catch (IOException e) {
      return fail(err, "recording failed: " + closeFailure(e.getMessage(), tr));
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or ran
      }
    }
    if (signals != null) {
      signals.close();
    }
    String summary = recorder.lastSeq() + " operations recorded into " + tr;
    if (signals != null && signals.received().isPresent()) {
      err.println(
          "blackout record: stopped by "
              + signals.received().get()
              + ", passed on to the command, which "
              + (status == STILL_RUNNING
                  ? "did not stop within " + SIGNAL_GRACE_SECONDS + " s and was left running"
                      + " without its mount"
                  : "exited with status " + status)
              + "; "
              + summary);
      return signals.exitStatus();
    }
    err.println(
        "blackout record: "
            + summary
            + (recorder.cutOff()
                ? "; the command exited while the mount was " + recorder.cutOffReport()
                : ""));
    return status;
  }

  /**
   * Waits for the command; after a signal was passed on, only {@value #SIGNAL_GRACE_SECONDS} s
   * more, then returns {@link #STILL_RUNNING}.
   */
  private static int waitFor(Process p, SignalForwarder signals) {
    while (true) {
      try {
        if (p.waitFor(100, TimeUnit.MILLISECONDS)) {
          return p.exitValue();
        }
        if (signals.nanosSinceSignal() > TimeUnit.SECONDS.toNanos(SIGNAL_GRACE_SECONDS)) {
          return STILL_RUNNING;
        }
      } catch (InterruptedException e) {
        // keep waiting: the command decides when recording ends
      }
    }
  }

  private static void closeQuietly(FuseRecorder recorder) {
    try {
      recorder.close();
    } catch (IOException ignored) {
      // already reporting a failure
    }
  }

  private static int fail(PrintWriter err, String message) {
    err.println("blackout: " + message.replace('\n', ' '));
    return FAILED;
  }

  private static Path temp(String prefix, List<Path> created) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    created.add(dir);
    return dir;
  }

  /** The failure to close a recording, and what to do about it. */
  static String closeFailure(String message, Path trace) {
    String what = message.contains(trace.toString())
        ? message
        : message + "; the trace " + trace + " may be incomplete";
    if (message.contains("No space left on device")) {
      return what + "; free space on its file system (or give --trace elsewhere) and record again";
    }
    return what + "; record again once that is fixed";
  }

  /** What keeps the trace from being written where {@code trace} says, or null. */
  static String traceDirectoryProblem(Path trace) {
    Path dir = trace.getParent();
    if (dir == null) {
      return "--trace " + trace + " names no file; give a file path such as ./run.trace";
    }
    if (!Files.exists(dir)) {
      return "the directory of --trace "
          + trace
          + " does not exist; create "
          + dir
          + " first or choose another --trace";
    }
    if (!Files.isDirectory(dir)) {
      return "--trace " + trace + " is inside " + dir + ", which is not a directory; choose"
          + " another --trace";
    }
    if (!Files.isWritable(dir)) {
      return "cannot write --trace " + trace + ": " + dir + " is not writable; choose another"
          + " --trace";
    }
    return null;
  }

  /** Names the directory {@code trace} would be inside of, or null. */
  private static String insideOf(Path trace, Path backing, Path mount) {
    if (trace.startsWith(backing.toAbsolutePath().normalize())) {
      return "backing directory";
    }
    if (trace.startsWith(mount.toAbsolutePath().normalize())) {
      return "mount point";
    }
    return null;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      List<Path> all = walk.sorted(java.util.Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}
