package dev.blackout.core.trace;

/**
 * The versioned header of a trace file.
 *
 * @param version format version; readers refuse versions they do not know
 * @param createdNanos when recording began, nanoseconds since the epoch
 */
public record TraceHeader(int version, long createdNanos) {
  public static final int CURRENT_VERSION = 1;

  public static TraceHeader current() {
    return new TraceHeader(CURRENT_VERSION, 0L);
  }
}
