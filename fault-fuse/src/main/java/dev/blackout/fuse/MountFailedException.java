package dev.blackout.fuse;

/**
 * libfuse refused to create or mount the file system, it did not answer in time, or it did not
 * stop.
 */
public class MountFailedException extends FuseException {
  private static final long serialVersionUID = 1L;

  public MountFailedException(String message) {
    super(message);
  }

  public MountFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
