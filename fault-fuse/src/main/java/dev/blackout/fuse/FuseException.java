package dev.blackout.fuse;

import java.io.IOException;

/**
 * A lifecycle failure of a FUSE mount, with a one-line message that says what to do. Subclasses
 * name the kind of failure.
 */
public abstract class FuseException extends IOException {
  private static final long serialVersionUID = 1L;

  public FuseException(String message) {
    super(message);
  }

  public FuseException(String message, Throwable cause) {
    super(message, cause);
  }
}
