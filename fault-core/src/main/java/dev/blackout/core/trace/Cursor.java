package dev.blackout.core.trace;

/** Reads a record's fixed part from a byte window; running past the window is a malformed record. */
final class Cursor {
  /** Thrown when a body does not decode; the reader turns it into a TraceFormatException. */
  static final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message, null, false, false);
    }
  }

  private final byte[] bytes;
  private int start;
  private int end;
  private int pos;

  Cursor(byte[] bytes, int start, int end) {
    this.bytes = bytes;
    reset(start, end);
  }

  /** Starts reading {@code bytes[start..end)} afresh (lets the reader reuse one cursor). */
  void reset(int start, int end) {
    this.start = start;
    this.end = end;
    this.pos = start;
  }

  /** Bytes consumed so far. */
  int consumed() {
    return pos - start;
  }

  private void need(int n) throws MalformedException {
    if (n < 0 || end - pos < n) {
      throw new MalformedException("body too short at byte " + consumed());
    }
  }

  int getByte() throws MalformedException {
    need(1);
    return bytes[pos++] & 0xff;
  }

  int getInt() throws MalformedException {
    need(4);
    int v = TraceFormat.getInt(bytes, pos);
    pos += 4;
    return v;
  }

  long getLong() throws MalformedException {
    need(8);
    long v = TraceFormat.getLong(bytes, pos);
    pos += 8;
    return v;
  }

  String getString() throws MalformedException {
    int n = getInt();
    need(n);
    String s = RawNames.decode(bytes, pos, n);
    pos += n;
    return s;
  }
}
