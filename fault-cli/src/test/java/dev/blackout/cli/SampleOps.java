package dev.blackout.cli;

import dev.blackout.core.trace.OpMeta;
import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.TraceOp;
import java.util.List;

/** One op of every kind, with sequence numbers 1, 2, 3..., for formatting tests. */
final class SampleOps {
  private SampleOps() {}

  static List<TraceOp> everyKind() {
    return List.of(
        new TraceOp.Create(m(1), 1, "db.tmp", 5, 0644, 3, OpenFlags.O_WRONLY | OpenFlags.O_CREAT),
        new TraceOp.Mkdir(m(2), 1, "dir", 6, 0755),
        new TraceOp.Mknod(m(3), 6, "fifo", 7, 0010644, 0),
        new TraceOp.Symlink(m(4), 6, "link", 8, "../db"),
        new TraceOp.Link(m(5), 5, 6, "hard"),
        new TraceOp.Unlink(m(6), 6, "hard", 5),
        new TraceOp.Rmdir(m(7), 1, "empty", 9),
        new TraceOp.Rename(m(8), 1, "db.tmp", 1, "db", 5, 4, 0),
        new TraceOp.Open(m(9), 5, 4, OpenFlags.O_WRONLY | OpenFlags.O_TRUNC),
        new TraceOp.Write(m(10), 5, 4, 0, Payload.filled(4096, (byte) 7), OpenFlags.O_WRONLY),
        new TraceOp.Truncate(m(11), 5, 4, 100),
        new TraceOp.Fallocate(m(12), 5, 4, TraceOp.Fallocate.KEEP_SIZE, 0, 8192),
        new TraceOp.Chmod(m(13), 5, 0600),
        new TraceOp.Chown(m(14), 5, 1000, -1),
        new TraceOp.SetTimes(m(15), 5, -1, 1_764_115_200_000_000_000L),
        new TraceOp.SetXattr(m(16), 5, "user.tag", Payload.of(new byte[] {1, 2, 3}), 0),
        new TraceOp.RemoveXattr(m(17), 5, "user.tag"),
        new TraceOp.Flush(m(18), 5, 4),
        new TraceOp.Release(m(19), 5, 4),
        new TraceOp.Fsync(m(20), 5, 4),
        new TraceOp.Fdatasync(m(21), 5, 4),
        new TraceOp.Fsyncdir(m(22), 1, 2),
        new TraceOp.Marker(m(23), "ack txn 17"));
  }

  private static OpMeta m(long seq) {
    return new OpMeta(seq, seq - 1, 4711, 4711, 1_000L * seq, 0);
  }
}
