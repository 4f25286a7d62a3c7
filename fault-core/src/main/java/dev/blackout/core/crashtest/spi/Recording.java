package dev.blackout.core.crashtest.spi;

import dev.blackout.core.crashtest.Markers;
import java.io.IOException;
import java.nio.file.Path;

/** A recording in progress: the directory to work in, markers, and {@link #close} to finish. */
public interface Recording extends Markers, AutoCloseable {

  /** The directory whose operations are recorded (the mount point). */
  Path directory();

  /** Stops recording; the trace file is complete afterwards. */
  @Override
  void close() throws IOException;
}
