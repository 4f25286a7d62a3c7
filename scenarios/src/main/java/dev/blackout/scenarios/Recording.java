package dev.blackout.scenarios;

import dev.blackout.fuse.FuseRecorder;
import dev.blackout.fuse.MarkClient;
import dev.blackout.fuse.MountOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Records a scenario's workload through the real FUSE recorder: its initial files go into a fresh
 * backing directory, the workload processes run in the mount with {@code BLACKOUT_MOUNT} and
 * {@code BLACKOUT_CONTROL} set, and the trace is written to {@code work/trace}.
 */
final class Recording {
  static final String MOUNT_ENV = "BLACKOUT_MOUNT";

  private Recording() {}

  /**
   * Records {@code s} under {@code work} (created; must not hold an earlier recording).
   *
   * @return the trace file
   * @throws IOException when FUSE is unavailable, mounting failed, or the workload failed
   */
  static Path record(Scenario s, Path work, Duration timeout) throws IOException {
    Path backing = Files.createDirectories(work.resolve("backing"));
    Path mount = Files.createDirectories(work.resolve("mount"));
    Path trace = work.resolve("trace.blackout");
    s.setup(backing);
    IOException failure = null;
    FuseRecorder recorder = FuseRecorder.start(backing, mount, trace,
        MountOptions.defaults().withAllowOther(s.allowOther()));
    try {
      WorkloadProcesses.run(s, recorder.mountPoint(),
          Map.of(MOUNT_ENV, recorder.mountPoint().toString(),
              MarkClient.CONTROL_ENV, recorder.controlSocket().toString()),
          work.resolve("logs"), timeout);
    } catch (IOException e) {
      failure = e;
    } finally {
      try {
        recorder.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return trace;
  }
}
