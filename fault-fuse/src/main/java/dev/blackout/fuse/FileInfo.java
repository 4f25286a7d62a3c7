package dev.blackout.fuse;

import com.sun.jna.Pointer;
import dev.blackout.fuse.internal.Layout;

/**
 * Accessors for a {@code struct fuse_file_info} pointer (libfuse 3.14 layout, 40 bytes). Static, so
 * that request paths allocate nothing; a null {@code fi} means "no open handle".
 */
public final class FileInfo {
  private FileInfo() {}

  /** The open flags (for a write: the file's flags plus O_SYNC/O_DSYNC of a synchronous write). */
  public static int flags(Pointer fi) {
    return fi.getInt(Layout.FI_FLAGS);
  }

  /** The handle the file system stored at open, create or opendir. */
  public static long fh(Pointer fi) {
    return fi.getLong(Layout.FI_FH);
  }

  public static void setFh(Pointer fi, long fh) {
    fi.setLong(Layout.FI_FH, fh);
  }

  /** True for a write the kernel sent from page-cache writeback (mmap stores): no caller. */
  public static boolean writepage(Pointer fi) {
    return (fi.getInt(Layout.FI_BITS) & Layout.FI_BIT_WRITEPAGE) != 0;
  }

  public static void setDirectIo(Pointer fi, boolean on) {
    int bits = fi.getInt(Layout.FI_BITS);
    fi.setInt(
        Layout.FI_BITS, on ? bits | Layout.FI_BIT_DIRECT_IO : bits & ~Layout.FI_BIT_DIRECT_IO);
  }
}
