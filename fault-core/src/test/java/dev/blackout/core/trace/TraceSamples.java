package dev.blackout.core.trace;

import static dev.blackout.core.testing.TraceBuilder.*;

import dev.blackout.core.testing.TraceBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Sample traces for the trace-file tests, and a writer that notes where each record ends. */
final class TraceSamples {
  private TraceSamples() {}

  /** A trace using every op kind, failed ops, unicode names and a multi-MiB payload. */
  static Trace everyKind(long seed) {
    Random rnd = new Random(seed);
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    rnd.nextBytes(big);
    TraceBuilder b =
        TraceBuilder.create()
            .dir("etc")
            .file("etc/conf", "k=v\n".getBytes())
            .file("big.bin", Payload.of(big), 0600)
            .hardlink("etc/conf", "conf-link")
            .symlink("etc/link", "../big.bin")
            .symlink("abs", "/etc/passwd")
            .fifo("pipe")
            .dir("etc/empty");
    b.pid(4711).thread(4712).time(1_700_000_000_123_456_789L);
    long f = b.create(ROOT, "tmp");
    b.write(f, 0, "hello");
    b.write(f, 1L << 33, Payload.filled(2 * 1024 * 1024 + 3, (byte) 7));
    b.fsync(f);
    b.fdatasync(f);
    b.rename(ROOT, "tmp", ROOT, "big.bin");
    b.fsyncdir(ROOT);
    b.marker("ack 1 — ünïcødé ✓");
    b.close(f);
    long d = b.mkdir(ROOT, "日本語ディレクトリ", 0700);
    long n = b.mknod(d, "fifo", 010644, 0);
    long dev = b.mknod(d, "dev", 020600, (8L << 8) | 1);
    long s = b.symlink(d, "s", "../etc/conf");
    b.link(b.inode("etc/conf"), d, "hard");
    long conf = b.inode("etc/conf");
    long h = b.open(conf, OpenFlags.O_RDWR | OpenFlags.O_TRUNC | OpenFlags.O_SYNC);
    b.truncate(conf, 100);
    b.fallocate(conf, TraceOp.Fallocate.KEEP_SIZE | TraceOp.Fallocate.PUNCH_HOLE, 10, 20);
    b.chmod(conf, 0600);
    b.chown(conf, 1000, -1);
    b.setTimes(conf, -1, 1_600_000_000_000_000_000L);
    b.setXattr(conf, "user.checksum", new byte[] {1, 2, 3});
    b.setXattr(conf, "user.empty", new byte[0]);
    b.removeXattr(conf, "user.checksum");
    b.flush(conf);
    b.release(conf);
    b.unlink(d, "hard");
    b.unlink(d, "fifo");
    b.unlink(d, "dev");
    b.unlink(d, "s");
    b.rmdir(ROOT, "日本語ディレクトリ");
    b.rmdir(b.inode("etc"), "empty");
    // What format version 2 added: what the kernel made, and names that are not UTF-8.
    String raw = RawNames.decode(new byte[] {'x', (byte) 0xff, 'y'});
    int cw = OpenFlags.O_CREAT | OpenFlags.O_WRONLY;
    b.add(m -> new TraceOp.Create(m, ROOT, raw, 900, 02644, 901, cw, 1000, 100, 1L << 60, 3L << 58));
    b.add(m -> new TraceOp.Write(m, 900, 901, 3, Payload.of("abc".getBytes()), 0, 5L << 58));
    b.add(m -> new TraceOp.Truncate(m, 900, 901, 1, 6L << 58));
    b.add(m -> new TraceOp.Fallocate(m, 900, 901, 0, 0, 10, 7L << 58));
    b.add(m -> new TraceOp.Chown(m, 900, 1, 2, 0644));
    b.add(m -> new TraceOp.Link(m, 900, ROOT, "x\u00e9", 8L << 58));
    b.add(m -> new TraceOp.Rename(m, ROOT, raw, ROOT, "x\u00e9", 900, 900, 0, 9L << 58, 10L << 58));
    b.add(m -> new TraceOp.Unlink(m, ROOT, "x\u00e9", 900, 11L << 58));
    b.add(m -> new TraceOp.Mkdir(m, ROOT, "d2", 902, 02755, 0, 100, 12L << 58, 13L << 58));
    b.add(m -> new TraceOp.Symlink(m, 902, "s", 903, raw, 0, 100, 14L << 58, 15L << 58));
    b.add(m -> new TraceOp.Mknod(m, 902, raw, 904, 010600, 0, 0, 100, 16L << 58, 17L << 58));
    b.add(m -> new TraceOp.Open(m, 900, 905, OpenFlags.O_TRUNC | OpenFlags.O_WRONLY, 18L << 58));
    b.failing(ENOENT).add(m -> new TraceOp.Rmdir(m, ROOT, "gone", 906, 19L << 58));
    b.failing(ENOENT).unlink(ROOT, "nope");
    b.failing(EEXIST).mkdir(ROOT, "etc");
    b.failing(ENOSPC).write(f, 5, "x");
    b.failing(EACCES).open(conf, OpenFlags.O_WRONLY);
    b.rename(ROOT, "conf-link", ROOT, "pipe", TraceOp.Rename.RENAME_EXCHANGE);
    b.startSeq(1).marker("");
    b.time(0).pid(0).thread(0).marker("last");
    if (h == 0 || n == 0 || dev == 0 || s == 0) {
      throw new AssertionError("builder returned 0 for a successful op");
    }
    return b.build();
  }

  /** A small trace of {@code count} ops of several kinds (for cut and flip tests). */
  static Trace small(long seed, int count) {
    Random rnd = new Random(seed);
    TraceBuilder b = TraceBuilder.create().file("a", "initial".getBytes());
    long f = b.create(ROOT, "f");
    while (b.lastSeq() < count) {
      switch (rnd.nextInt(4)) {
        case 0 -> {
          byte[] data = new byte[rnd.nextInt(40)];
          rnd.nextBytes(data);
          b.write(f, rnd.nextInt(100), data);
        }
        case 1 -> b.fsync(f);
        case 2 -> b.marker("m" + b.lastSeq());
        default -> b.truncate(f, rnd.nextInt(50));
      }
    }
    return b.build();
  }

  /** A trace file plus the offset where each record ends: [0] after the image, [k] after op k. */
  record Written(Path file, long[] ends) {
    long size() {
      return ends[ends.length - 1];
    }

    /** Offset where op {@code k}'s record starts (k >= 1). */
    long start(int k) {
      return ends[k - 1];
    }
  }

  static Written write(Trace trace, Path file) throws IOException {
    long[] ends = new long[trace.ops().size() + 1];
    try (TraceWriter w = TraceWriter.create(file)) {
      w.writeImage(trace.image());
      w.flush();
      ends[0] = Files.size(file);
      for (TraceOp op : trace.ops()) {
        w.append(op);
        w.flush();
        ends[(int) op.seq()] = Files.size(file);
      }
    }
    return new Written(file, ends);
  }
}
