package dev.blackout.core.trace;

import java.nio.file.Path;

/**
 * A child process for {@link TraceWriterTest}: writes a trace to {@code args[0]} forever (writes
 * whose bytes derive from their seq, a marker every 50 ops), printing "ready" once the image is
 * out, until it is killed.
 */
public final class KilledWriterMain {
  private KilledWriterMain() {}

  public static void main(String[] args) throws Exception {
    try (TraceWriter w = TraceWriter.create(Path.of(args[0]))) {
      w.writeImage(InitialImage.emptyRoot());
      System.out.println("ready");
      System.out.flush();
      while (true) {
        w.appendNext(KilledWriterMain::op);
      }
    }
  }

  /** The op the child writes with sequence number {@code seq}. */
  static TraceOp op(long seq) {
    if (seq % 50 == 0) {
      return new TraceOp.Marker(OpMeta.of(seq), "ack " + seq);
    }
    int length = (int) (seq % 7 == 0 ? 100_000 + seq % 1000 : seq % 300);
    return new TraceOp.Write(OpMeta.of(seq), 1, 1, seq, Payload.filled(length, (byte) seq), 0);
  }
}
