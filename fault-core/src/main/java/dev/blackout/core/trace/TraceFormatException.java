package dev.blackout.core.trace;

import java.io.IOException;

/** A trace file that is not a trace, or is damaged before its end: the message names the offset. */
public class TraceFormatException extends IOException {
  private final long offset;

  public TraceFormatException(long offset, String message) {
    super(message);
    this.offset = offset;
  }

  /** Byte offset in the file where the damage was found. */
  public long offset() {
    return offset;
  }
}
