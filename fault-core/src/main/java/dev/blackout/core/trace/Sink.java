package dev.blackout.core.trace;

import java.util.Arrays;

/** A growable big-endian byte array the writer encodes a record's fixed part into (reused). */
final class Sink {
  byte[] bytes = new byte[256];
  int length;

  void reset() {
    length = 0;
  }

  private void room(int n) {
    if (length + n > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
    }
  }

  void putByte(int v) {
    room(1);
    bytes[length++] = (byte) v;
  }

  void putInt(int v) {
    room(4);
    TraceFormat.putInt(bytes, length, v);
    length += 4;
  }

  void putLong(long v) {
    room(8);
    TraceFormat.putLong(bytes, length, v);
    length += 8;
  }

  /** A u32 byte length, then the bytes {@code s} stands for ({@link RawNames#encode}). */
  void putString(String s) {
    byte[] utf8 = RawNames.encode(s);
    putInt(utf8.length);
    room(utf8.length);
    System.arraycopy(utf8, 0, bytes, length, utf8.length);
    length += utf8.length;
  }
}
