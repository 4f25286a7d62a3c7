package dev.blackout.core.bench;

import dev.blackout.core.testing.TraceBuilder;
import dev.blackout.core.trace.Trace;
import java.util.Random;

/**
 * A database-like workload of any length for the exploration benchmarks: a write-ahead log of
 * 128-byte records with fdatasync and an acknowledgement every 8 records, overwrites in place of a
 * 64 KiB data file, and every 256 ops a checkpoint written to a temporary file, fsynced, renamed
 * over the old one and made durable with fsync of the directory.
 */
final class BenchWorkloads {

  private BenchWorkloads() {}

  static Trace database(int ops, long seed) {
    Random rnd = new Random(seed);
    TraceBuilder b = TraceBuilder.create().file("data", new byte[65536]).file("ckpt", new byte[512]);
    long log = b.create(TraceBuilder.ROOT, "wal");
    long data = b.inode("data");
    b.open(data, dev.blackout.core.trace.OpenFlags.O_RDWR);
    long walEnd = 0;
    int records = 0;
    byte[] rec = new byte[128];
    byte[] page = new byte[4096];
    byte[] ck = new byte[512];
    while (b.lastSeq() < ops) {
      long seq = b.lastSeq();
      if (seq % 256 == 255) {
        long tmp = b.create(TraceBuilder.ROOT, "ckpt.tmp");
        rnd.nextBytes(ck);
        b.write(tmp, 0, ck);
        b.fsync(tmp);
        b.close(tmp);
        b.rename(TraceBuilder.ROOT, "ckpt.tmp", TraceBuilder.ROOT, "ckpt");
        b.fsyncdir(TraceBuilder.ROOT);
      } else if (rnd.nextInt(4) == 0) {
        rnd.nextBytes(page);
        b.write(data, 4096L * rnd.nextInt(16), page);
      } else {
        rnd.nextBytes(rec);
        b.write(log, walEnd, rec);
        walEnd += rec.length;
        if (++records % 8 == 0) {
          b.fdatasync(log);
          b.marker("ack " + records);
        }
      }
    }
    return b.build();
  }
}
