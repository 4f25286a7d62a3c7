package dev.blackout.fuse;

import dev.blackout.core.crashtest.RecorderUnavailableException;
import dev.blackout.core.crashtest.spi.RecorderProvider;
import dev.blackout.core.crashtest.spi.Recording;
import dev.blackout.core.crashtest.spi.RecordingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The FUSE recorder behind {@link dev.blackout.core.crashtest.CrashScenario}, registered in
 * {@code META-INF/services}: in-process recording through {@link FuseRecorder}.
 */
public final class FuseRecorderProvider implements RecorderProvider {
  private final FuseEnvironment env;

  public FuseRecorderProvider() {
    this(FuseEnvironment.system());
  }

  FuseRecorderProvider(FuseEnvironment env) {
    this.env = env;
  }

  @Override
  public Optional<String> unavailableReason() {
    try {
      env.check();
      return Optional.empty();
    } catch (FuseUnavailableException e) {
      return Optional.of(e.getMessage());
    }
  }

  @Override
  public Recording start(Path backing, Path mountPoint, Path trace) throws IOException {
    return start(backing, mountPoint, trace, RecordingOptions.DEFAULTS);
  }

  @Override
  public Recording start(Path backing, Path mountPoint, Path trace, RecordingOptions options)
      throws IOException {
    MountOptions mount = MountOptions.defaults().withAllowOther(options.allowOther());
    try {
      return new FuseRecording(FuseRecorder.start(backing, mountPoint, trace, env, mount));
    } catch (FuseUnavailableException e) {
      throw new RecorderUnavailableException(e.getMessage(), e);
    }
  }

  private record FuseRecording(FuseRecorder recorder) implements Recording {
    @Override
    public Path directory() {
      return recorder.mountPoint();
    }

    @Override
    public long mark(String text) throws IOException {
      if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("marker text must be one line: '" + text + "'");
      }
      return recorder.mark(text);
    }

    @Override
    public Map<String, String> environment() {
      return Map.of(MarkClient.CONTROL_ENV, recorder.controlSocket().toString());
    }

    /**
     * Stops recording; fails in one line when the workload returned while the directory was still
     * in use (the mount was then cut off).
     */
    @Override
    public void close() throws IOException {
      recorder.close();
      if (recorder.cutOff()) {
        throw new IOException("the workload returned while the recorded directory was "
            + recorder.cutOffReport()
            + "; close every file and stop every thread and process that uses the directory"
            + " before the workload returns");
      }
    }
  }
}
