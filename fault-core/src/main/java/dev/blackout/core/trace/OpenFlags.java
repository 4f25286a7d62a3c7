package dev.blackout.core.trace;

/**
 * The Linux x86_64 open flags a trace distinguishes, as the kernel hands them to FUSE. Kept as
 * plain {@code int} bits because that is how they are recorded.
 */
public final class OpenFlags {
  public static final int O_ACCMODE = 03;
  public static final int O_RDONLY = 0;
  public static final int O_WRONLY = 01;
  public static final int O_RDWR = 02;
  public static final int O_CREAT = 0100;
  public static final int O_EXCL = 0200;
  public static final int O_TRUNC = 01000;
  public static final int O_APPEND = 02000;
  public static final int O_DSYNC = 010000;
  public static final int O_DIRECT = 040000;
  public static final int O_LARGEFILE = 0100000;
  public static final int O_DIRECTORY = 0200000;
  /** O_SYNC includes O_DSYNC, as on Linux. */
  public static final int O_SYNC = 04010000;

  private OpenFlags() {}

  public static boolean has(int flags, int flag) {
    return (flags & flag) == flag;
  }

  /** A short human form, e.g. {@code O_WRONLY|O_TRUNC|O_SYNC}. */
  public static String describe(int flags) {
    StringBuilder sb = new StringBuilder();
    switch (flags & O_ACCMODE) {
      case O_WRONLY -> sb.append("O_WRONLY");
      case O_RDWR -> sb.append("O_RDWR");
      default -> sb.append("O_RDONLY");
    }
    if (has(flags, O_CREAT)) sb.append("|O_CREAT");
    if (has(flags, O_EXCL)) sb.append("|O_EXCL");
    if (has(flags, O_TRUNC)) sb.append("|O_TRUNC");
    if (has(flags, O_APPEND)) sb.append("|O_APPEND");
    if (has(flags, O_SYNC)) {
      sb.append("|O_SYNC");
    } else if (has(flags, O_DSYNC)) {
      sb.append("|O_DSYNC");
    }
    if (has(flags, O_DIRECT)) sb.append("|O_DIRECT");
    return sb.toString();
  }
}
