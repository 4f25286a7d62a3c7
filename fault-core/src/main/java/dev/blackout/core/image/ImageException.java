package dev.blackout.core.image;

/** An op or image entry that cannot apply: hostile name, unknown inode, wrong file type. */
public class ImageException extends RuntimeException {
  public ImageException(String message) {
    super(message);
  }
}
