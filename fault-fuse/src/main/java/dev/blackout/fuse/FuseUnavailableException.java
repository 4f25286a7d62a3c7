package dev.blackout.fuse;

/** FUSE cannot be used on this machine: no /dev/fuse, no libfuse3.so.3, or no fusermount3. */
public class FuseUnavailableException extends FuseException {
  private static final long serialVersionUID = 1L;

  public FuseUnavailableException(String message) {
    super(message);
  }

  public FuseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
