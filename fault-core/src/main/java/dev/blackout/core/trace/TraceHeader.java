package dev.blackout.core.trace;

/**
 * The versioned header of a trace file.
 *
 * @param version format version; readers refuse versions they do not know
 * @param createdNanos when recording began, nanoseconds since the epoch
 */
public record TraceHeader(int version, long createdNanos) {
  /** Version 2: names as raw bytes, what the kernel made, the end-of-trace record. */
  public static final int CURRENT_VERSION = 2;

  /** The oldest version readers still read (it lacks what version 2 added). */
  public static final int OLDEST_READABLE_VERSION = 1;

  public static TraceHeader current() {
    return new TraceHeader(CURRENT_VERSION, 0L);
  }
}
