package dev.blackout.core.trace;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole trace: the initial image and the ops in completion order ({@code ops.get(i).seq() == i +
 * 1}), with the torn tail a killed writer left, if any.
 *
 * @param ended whether the trace ends in an end-of-trace record (its recorder stopped cleanly and
 *     nothing is missing); false for a killed recorder, a failed recording and every trace of
 *     format version 1
 */
public record Trace(
    TraceHeader header,
    InitialImage image,
    List<TraceOp> ops,
    Optional<TornTail> tornTail,
    boolean ended) {

  public Trace {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(image, "image");
    if (!(ops instanceof FileOps)) { // a file's ops were checked when read; copying would load them all
      ops = List.copyOf(ops);
    }
    Objects.requireNonNull(tornTail, "tornTail");
    for (int i = 0; i < ops.size() && !(ops instanceof FileOps); i++) {
      if (ops.get(i).seq() != i + 1) {
        throw new IllegalArgumentException(
            "op at index " + i + " has seq " + ops.get(i).seq() + ", expected " + (i + 1));
      }
    }
  }

  /** An in-memory trace (built by hand or by a test), with a fresh header. */
  public static Trace of(InitialImage image, List<TraceOp> ops) {
    return new Trace(TraceHeader.current(), image, ops, Optional.empty(), true);
  }

  /**
   * Whether something may be missing at the end: no end-of-trace record, so the recorder did not
   * stop cleanly (or the trace predates the record).
   */
  public boolean incomplete() {
    return !ended;
  }

  /** The op with sequence number {@code seq}. */
  public TraceOp op(long seq) {
    return ops.get(Math.toIntExact(seq - 1));
  }
}
