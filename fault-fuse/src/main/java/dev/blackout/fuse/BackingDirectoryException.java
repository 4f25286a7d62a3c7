package dev.blackout.fuse;

/** The backing directory is missing or not a directory. */
public class BackingDirectoryException extends FuseException {
  private static final long serialVersionUID = 1L;

  public BackingDirectoryException(String message) {
    super(message);
  }

  public BackingDirectoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
