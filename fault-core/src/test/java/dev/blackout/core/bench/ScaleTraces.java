package dev.blackout.core.bench;

import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.OpMeta;
import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.TraceOp;
import dev.blackout.core.trace.TraceWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes the traces of the scale benchmark (bench/scale) straight to a file, op for op what the
 * recorder writes for the same workloads (without FUSE, so that a million ops take seconds):
 *
 * <ul>
 *   <li>{@code appends N FILE}: a log of 64-byte appends to one file, fdatasync after every 100th,
 *       a marker after every 1000th, N ops in all (issue 13's workload);
 *   <li>{@code files N FILE}: N files created in one directory, each written (100 bytes), flushed
 *       and released (no sync); 4N + 1 ops.
 * </ul>
 *
 * Payload bytes come from {@code new Random(1)}.
 */
public final class ScaleTraces {

  private ScaleTraces() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: ScaleTraces appends|files N FILE");
      System.exit(2);
    }
    long n = Long.parseLong(args[1]);
    Path out = Path.of(args[2]);
    Files.deleteIfExists(out);
    switch (args[0]) {
      case "appends" -> appends(n, out);
      case "files" -> files(n, out);
      default -> {
        System.err.println("unknown workload '" + args[0] + "' (appends or files)");
        System.exit(2);
      }
    }
  }

  /** Issue 13's log: N ops of 64-byte appends, fdatasync every 100, a marker every 1000. */
  static void appends(long ops, Path out) throws IOException {
    Random rnd = new Random(1);
    byte[] rec = new byte[64];
    try (TraceWriter w = TraceWriter.create(out)) {
      w.writeImage(InitialImage.emptyRoot());
      long inode = 2;
      long handle = 1;
      long seq = 1;
      w.append(new TraceOp.Create(OpMeta.of(seq++), InitialImage.ROOT_INODE, "log", inode, 0644, handle,
          OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_APPEND));
      long end = 0;
      long writes = 0;
      while (seq <= ops) {
        rnd.nextBytes(rec);
        w.append(new TraceOp.Write(OpMeta.of(seq++), inode, handle, end, Payload.of(rec), OpenFlags.O_WRONLY));
        end += rec.length;
        writes++;
        if (writes % 100 == 0 && seq <= ops) {
          w.append(new TraceOp.Fdatasync(OpMeta.of(seq++), inode, handle));
        }
        if (writes % 1000 == 0 && seq <= ops) {
          w.append(new TraceOp.Marker(OpMeta.of(seq++), "ack " + writes));
        }
      }
    }
  }

  /** N files in one directory: create, a 100-byte write, flush, release. */
  static void files(long files, Path out) throws IOException {
    Random rnd = new Random(1);
    byte[] data = new byte[100];
    try (TraceWriter w = TraceWriter.create(out)) {
      w.writeImage(InitialImage.emptyRoot());
      long seq = 1;
      long dir = 2;
      w.append(new TraceOp.Mkdir(OpMeta.of(seq++), InitialImage.ROOT_INODE, "d", dir, 0755));
      for (long i = 0; i < files; i++) {
        long inode = 3 + i;
        long handle = 1 + i;
        w.append(new TraceOp.Create(OpMeta.of(seq++), dir, "f" + i, inode, 0644, handle,
            OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC));
        rnd.nextBytes(data);
        w.append(new TraceOp.Write(OpMeta.of(seq++), inode, handle, 0, Payload.of(data), OpenFlags.O_WRONLY));
        w.append(new TraceOp.Flush(OpMeta.of(seq++), inode, handle));
        w.append(new TraceOp.Release(OpMeta.of(seq++), inode, handle));
      }
    }
  }
}
