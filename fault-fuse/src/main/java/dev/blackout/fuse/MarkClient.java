package dev.blackout.fuse;

import dev.blackout.core.crashtest.spi.ControlProtocol;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Sends a marker to a running recorder through its control socket ({@code BLACKOUT_CONTROL}) and
 * waits until it is in the trace. See {@link FuseRecorder} for the protocol ({@link
 * ControlProtocol} speaks it).
 */
public final class MarkClient {
  /** The environment variable that names the control socket inside a recorded command. */
  public static final String CONTROL_ENV = ControlProtocol.CONTROL_ENV;

  private MarkClient() {}

  /**
   * Appends marker {@code text} (no newlines) on behalf of process {@code pid}; returns its
   * sequence number.
   */
  public static long mark(Path socket, long pid, String text) throws IOException {
    return ControlProtocol.mark(socket, pid, text);
  }
}
