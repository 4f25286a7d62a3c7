package dev.blackout.core.trace;

/** The kinds of file a trace knows. Sockets are recorded but never materialized. */
public enum FileType {
  REGULAR,
  DIRECTORY,
  SYMLINK,
  FIFO,
  CHAR_DEVICE,
  BLOCK_DEVICE,
  SOCKET;

  /** The type bits of {@code st_mode} ({@code S_IFMT}) for this kind. */
  public int modeBits() {
    return switch (this) {
      case REGULAR -> 0100000;
      case DIRECTORY -> 0040000;
      case SYMLINK -> 0120000;
      case FIFO -> 0010000;
      case CHAR_DEVICE -> 0020000;
      case BLOCK_DEVICE -> 0060000;
      case SOCKET -> 0140000;
    };
  }

  /** The kind named by the {@code S_IFMT} bits of {@code mode}. */
  public static FileType fromMode(int mode) {
    return switch (mode & 0170000) {
      case 0100000 -> REGULAR;
      case 0040000 -> DIRECTORY;
      case 0120000 -> SYMLINK;
      case 0010000 -> FIFO;
      case 0020000 -> CHAR_DEVICE;
      case 0060000 -> BLOCK_DEVICE;
      case 0140000 -> SOCKET;
      default -> throw new IllegalArgumentException(
          "mode " + Integer.toOctalString(mode) + " names no file type");
    };
  }
}
