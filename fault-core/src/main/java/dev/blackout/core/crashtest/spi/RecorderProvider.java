package dev.blackout.core.crashtest.spi;

import dev.blackout.core.crashtest.RecorderUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How {@link dev.blackout.core.crashtest.CrashScenario} records without fault-core depending on a
 * recorder: implementations are found with {@link java.util.ServiceLoader} (fault-fuse provides
 * the FUSE one). Not for application code.
 */
public interface RecorderProvider {

  /** Why this provider cannot record on this machine (one line), or empty when it can. */
  Optional<String> unavailableReason();

  /**
   * Starts recording: {@code backing} (an existing directory, its content is the initial image)
   * is served at {@code mountPoint} (an existing empty directory), operations go to {@code trace}
   * (which must not exist).
   */
  Recording start(Path backing, Path mountPoint, Path trace)
      throws RecorderUnavailableException, IOException;

  /**
   * {@link #start(Path, Path, Path)} made as {@code options} say. The default supports only
   * {@link RecordingOptions#DEFAULTS} and refuses anything else in one line.
   */
  default Recording start(Path backing, Path mountPoint, Path trace, RecordingOptions options)
      throws RecorderUnavailableException, IOException {
    if (!options.equals(RecordingOptions.DEFAULTS)) {
      throw new RecorderUnavailableException(
          "this recorder (" + getClass().getName() + ") cannot record with " + options);
    }
    return start(backing, mountPoint, trace);
  }
}
