package dev.blackout.core.trace;

/**
 * What every recorded operation carries besides its own arguments.
 *
 * @param seq position in completion order, starting at 1; crash point {@code k} lies after the op
 *     with {@code seq == k}
 * @param startSeq the {@code seq} of the last op that had completed when this op began ({@code
 *     seq - 1} for a single-threaded workload). A barrier covers only ops with {@code seq <=
 *     startSeq}; ops that completed while it ran are not covered by it.
 * @param pid the process that made the request, 0 when the kernel made it on nobody's behalf
 *     (page writeback, release)
 * @param tid the calling thread, 0 when unknown
 * @param timeNanos completion time, nanoseconds since the Unix epoch (informational only)
 * @param errno 0 for success, otherwise the positive errno the request failed with; a failed op
 *     changes no state
 */
public record OpMeta(long seq, long startSeq, int pid, int tid, long timeNanos, int errno) {

  public OpMeta {
    if (seq < 1) {
      throw new IllegalArgumentException("seq (" + seq + ") must be at least 1");
    }
    if (startSeq < 0 || startSeq >= seq) {
      throw new IllegalArgumentException(
          "startSeq (" + startSeq + ") must be in [0, seq " + seq + ")");
    }
    if (errno < 0) {
      throw new IllegalArgumentException("errno (" + errno + ") must not be negative");
    }
  }

  /** A successful op of a single-threaded workload. */
  public static OpMeta of(long seq) {
    return new OpMeta(seq, seq - 1, 0, 0, 0L, 0);
  }

  public boolean failed() {
    return errno != 0;
  }

  public OpMeta withErrno(int newErrno) {
    return new OpMeta(seq, startSeq, pid, tid, timeNanos, newErrno);
  }

  public OpMeta withProcess(int newPid, int newTid) {
    return new OpMeta(seq, startSeq, newPid, newTid, timeNanos, errno);
  }
}
