package dev.blackout.core.crashtest;

import java.io.IOException;

/**
 * No recording is possible here: FUSE is missing (no {@code /dev/fuse}, no libfuse 3) or no
 * recorder is on the class path. The message is one line saying what to install.
 */
public final class RecorderUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  public RecorderUnavailableException(String message) {
    super(message);
  }

  public RecorderUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
