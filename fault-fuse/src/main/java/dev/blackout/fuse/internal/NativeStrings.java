package dev.blackout.fuse.internal;

import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/** Byte-exact reading of NUL-terminated native strings. */
public final class NativeStrings {
  private NativeStrings() {}

  /** The bytes before the first NUL. */
  public static byte[] bytes(Pointer p) {
    long n = p.indexOf(0, (byte) 0);
    return p.getByteArray(0, (int) n);
  }

  /** The string decoded as UTF-8 (malformed bytes become U+FFFD). */
  public static String utf8(Pointer p) {
    return new String(bytes(p), StandardCharsets.UTF_8);
  }
}
