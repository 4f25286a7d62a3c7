package dev.blackout.core.crashtest.spi;

import dev.blackout.core.crashtest.Markers;
import java.io.IOException;
import java.nio.file.Path;

/** A recording in progress: the directory to work in, markers, and {@link #close} to finish. */
public interface Recording extends Markers, AutoCloseable {

  /** The directory whose operations are recorded (the mount point). */
  Path directory();

  /**
   * Stops recording, in bounded time whatever still uses the directory; the trace file is complete
   * afterwards and the directory is no longer a mount.
   *
   * @throws IOException in one line when the trace is incomplete, or when the directory was still
   *     in use (a file left open, a thread or process still working in it): the recording was then
   *     cut off there, and whatever still uses the directory gets ENOTCONN
   */
  @Override
  void close() throws IOException;
}
