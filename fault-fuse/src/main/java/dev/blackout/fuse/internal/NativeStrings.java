package dev.blackout.fuse.internal;

import com.sun.jna.Pointer;
import dev.blackout.core.trace.RawNames;

/** Byte-exact reading of NUL-terminated native strings. */
public final class NativeStrings {
  private NativeStrings() {}

  /** The bytes before the first NUL. */
  public static byte[] bytes(Pointer p) {
    long n = p.indexOf(0, (byte) 0);
    return p.getByteArray(0, (int) n);
  }

  /**
   * The string for the bytes, decoded losslessly ({@link RawNames}): bytes that are not UTF-8
   * stay distinct, so two different names never become one string.
   */
  public static String string(Pointer p) {
    return RawNames.decode(bytes(p));
  }
}
