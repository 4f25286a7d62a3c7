package dev.blackout.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.OpMeta;
import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.TraceOp;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's workload, written out by hand as the recorder would see it: an atomic replace of
 * {@code db} (create {@code db.tmp}, write, fsync, close, rename over {@code db}, fsync the
 * directory) followed by an acknowledgement marker. One failed op ({@code rm -f db.old}) shows how
 * failures are recorded.
 */
final class DemoWorkload {
  static final long ROOT = InitialImage.ROOT_INODE;
  static final long DB = 2;
  static final long TMP = 3;
  static final byte[] OLD = "balance=100\n".getBytes(UTF_8);
  static final byte[] NEW = "balance=150\n".getBytes(UTF_8);
  static final String ACK = "ack: balance=150";

  private static final int PID = 4711;
  private static final long T0 = 1_764_115_200_000_000_000L; // 2025-11-26T00:00:00Z

  private DemoWorkload() {}

  static InitialImage image() {
    return new InitialImage(
        List.of(
            new InitialImage.Entry(
                "", ROOT, FileType.DIRECTORY, 0755, 0, 0, T0, Payload.empty(), null),
            new InitialImage.Entry(
                "db", DB, FileType.REGULAR, 0644, 0, 0, T0, Payload.of(OLD), null)));
  }

  static List<TraceOp> ops() {
    int create = OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC;
    List<TraceOp> ops = new ArrayList<>();
    ops.add(new TraceOp.Create(meta(1), ROOT, "db.tmp", TMP, 0644, 1, create));
    ops.add(new TraceOp.Write(meta(2), TMP, 1, 0, Payload.of(NEW), OpenFlags.O_WRONLY));
    ops.add(new TraceOp.Fsync(meta(3), TMP, 1));
    ops.add(new TraceOp.Flush(meta(4), TMP, 1));
    ops.add(new TraceOp.Release(meta(5), TMP, 1));
    ops.add(new TraceOp.Unlink(meta(6).withErrno(2), ROOT, "db.old", 0));
    ops.add(new TraceOp.Rename(meta(7), ROOT, "db.tmp", ROOT, "db", TMP, DB, 0));
    ops.add(new TraceOp.Open(meta(8), ROOT, 2, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY));
    ops.add(new TraceOp.Fsyncdir(meta(9), ROOT, 2));
    ops.add(new TraceOp.Release(meta(10), ROOT, 2));
    ops.add(new TraceOp.Marker(meta(11), ACK));
    return ops;
  }

  private static OpMeta meta(long seq) {
    return new OpMeta(seq, seq - 1, PID, PID, T0 + seq * 1_000_000L, 0);
  }
}
