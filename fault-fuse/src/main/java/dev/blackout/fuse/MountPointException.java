package dev.blackout.fuse;

/** The mount point is missing, not a directory, not empty, or already a mount. */
public class MountPointException extends FuseException {
  private static final long serialVersionUID = 1L;

  public MountPointException(String message) {
    super(message);
  }

  public MountPointException(String message, Throwable cause) {
    super(message, cause);
  }
}
