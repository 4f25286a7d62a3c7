package dev.blackout.fuse.bench;

import dev.blackout.fuse.Fuse;
import dev.blackout.fuse.FuseRecorder;
import dev.blackout.fuse.PassthroughFileSystem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Whole-program benchmark of the recorder: the same workloads on a plain directory and through a
 * recording mount (over a backing directory on the same file system), in alternating order, for
 * several rounds; prints medians and the recorder/plain ratio. Run with {@code bench/recorder}.
 *
 * <pre>
 *   RecorderBench [--rounds N] [--dir BASE] [--seq-mib N] [--rand-writes N] [--churn N]
 * </pre>
 */
public final class RecorderBench {
  private static final int MIB = 1 << 20;

  private int rounds = 5;
  private Path base;
  private int seqMib = 256;
  private int randWrites = 4096;
  private int churn = 2000;

  /** One workload, run in a fresh directory; returns the number of application-level ops. */
  interface Workload {
    long run(Path dir) throws IOException;
  }

  public static void main(String[] args) throws Exception {
    RecorderBench b = new RecorderBench();
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--rounds" -> b.rounds = Integer.parseInt(args[i + 1]);
        case "--dir" -> b.base = Path.of(args[i + 1]);
        case "--seq-mib" -> b.seqMib = Integer.parseInt(args[i + 1]);
        case "--rand-writes" -> b.randWrites = Integer.parseInt(args[i + 1]);
        case "--churn" -> b.churn = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (b.base == null) {
      b.base = Files.createTempDirectory("blackout-bench");
    }
    b.run();
  }

  private void run() throws Exception {
    String[] names = {
      "seq 1 MiB writes + fsync", "rand 4 KiB writes, fsync/16", "create/rename/unlink churn"
    };
    Workload[] loads = {this::sequential, this::random, this::churn};
    double[][] plain = new double[loads.length][rounds];
    double[][] recorded = new double[loads.length][rounds];
    double[][] passthrough = new double[loads.length][rounds];
    long[] traceOps = new long[loads.length];
    long[] appOps = new long[loads.length];
    for (int r = 0; r < rounds; r++) {
      boolean plainFirst = r % 2 == 0;
      for (int w = 0; w < loads.length; w++) {
        if (plainFirst) {
          plain[w][r] = timePlain(loads[w], r, w);
          passthrough[w][r] = timePassthrough(loads[w], r, w);
          recorded[w][r] = timeRecorded(loads[w], r, w, traceOps, appOps);
        } else {
          recorded[w][r] = timeRecorded(loads[w], r, w, traceOps, appOps);
          passthrough[w][r] = timePassthrough(loads[w], r, w);
          plain[w][r] = timePlain(loads[w], r, w);
        }
        System.out.printf(
            Locale.ROOT,
            "round %d %-30s plain %8.1f ms  passthrough %8.1f ms  recorder %8.1f ms%n",
            r,
            names[w],
            plain[w][r],
            passthrough[w][r],
            recorded[w][r]);
      }
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-30s %9s %9s %9s %8s %8s %9s %11s%n",
        "workload",
        "plain ms",
        "pass ms",
        "rec ms",
        "pass/pl",
        "rec/pl",
        "trace ops",
        "us/trace op");
    for (int w = 0; w < loads.length; w++) {
      double p = median(plain[w]);
      double t = median(passthrough[w]);
      double q = median(recorded[w]);
      System.out.printf(
          Locale.ROOT,
          "%-30s %9.1f %9.1f %9.1f %7.2fx %7.2fx %9d %11.1f%n",
          names[w],
          p,
          t,
          q,
          t / p,
          q / p,
          traceOps[w],
          (q - p) * 1000 / Math.max(1, traceOps[w]));
    }
    System.out.printf(
        Locale.ROOT,
        "(medians of %d rounds; seq %d MiB, rand %d writes, churn %d" + " iterations; base %s)%n",
        rounds,
        seqMib,
        randWrites,
        churn,
        base);
    deleteTree(base);
  }

  private double timePlain(Workload w, int round, int index) throws IOException {
    Path dir = Files.createDirectories(base.resolve("plain-" + round + "-" + index));
    prepare(dir, index);
    long t0 = System.nanoTime();
    w.run(dir);
    double ms = (System.nanoTime() - t0) / 1e6;
    deleteTree(dir);
    return ms;
  }

  /** The same through a mount of the bare passthrough (no recording): the cost of FUSE alone. */
  private double timePassthrough(Workload w, int round, int index) throws IOException {
    Path backing = Files.createDirectories(base.resolve("pt-backing-" + round + "-" + index));
    Path mnt = Files.createDirectories(base.resolve("pt-mnt-" + round + "-" + index));
    prepare(backing, index);
    double ms;
    try (PassthroughFileSystem fs = PassthroughFileSystem.open(backing);
        Fuse fuse = Fuse.mount(fs, mnt)) {
      long t0 = System.nanoTime();
      w.run(fuse.mountPoint());
      ms = (System.nanoTime() - t0) / 1e6;
    }
    deleteTree(backing);
    deleteTree(mnt);
    return ms;
  }

  private double timeRecorded(Workload w, int round, int index, long[] traceOps, long[] appOps)
      throws IOException {
    Path backing = Files.createDirectories(base.resolve("backing-" + round + "-" + index));
    Path mnt = Files.createDirectories(base.resolve("mnt-" + round + "-" + index));
    Path trace = base.resolve("trace-" + round + "-" + index);
    prepare(backing, index);
    double ms;
    try (FuseRecorder rec = FuseRecorder.start(backing, mnt, trace)) {
      long before = rec.lastSeq();
      long t0 = System.nanoTime();
      appOps[index] = w.run(rec.mountPoint());
      ms = (System.nanoTime() - t0) / 1e6;
      traceOps[index] = rec.lastSeq() - before;
    }
    deleteTree(backing);
    deleteTree(mnt);
    Files.delete(trace);
    return ms;
  }

  /** Untimed setup: the random-write workload writes into an existing 64 MiB file. */
  private void prepare(Path dir, int index) throws IOException {
    if (index == 1) {
      try (FileChannel ch =
          FileChannel.open(
              dir.resolve("rand"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer zero = ByteBuffer.allocateDirect(MIB);
        for (int i = 0; i < 64; i++) {
          zero.clear();
          ch.write(zero);
        }
        ch.force(true);
      }
    }
  }

  private long sequential(Path dir) throws IOException {
    ByteBuffer buf = ByteBuffer.allocateDirect(MIB);
    byte[] pattern = new byte[MIB];
    new Random(1).nextBytes(pattern);
    buf.put(pattern);
    try (FileChannel ch =
        FileChannel.open(
            dir.resolve("seq"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int i = 0; i < seqMib; i++) {
        buf.clear();
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
      ch.force(true);
    }
    return seqMib + 1L;
  }

  private long random(Path dir) throws IOException {
    Random r = new Random(2);
    ByteBuffer buf = ByteBuffer.allocateDirect(4096);
    byte[] pattern = new byte[4096];
    try (FileChannel ch = FileChannel.open(dir.resolve("rand"), StandardOpenOption.WRITE)) {
      for (int i = 0; i < randWrites; i++) {
        r.nextBytes(pattern);
        buf.clear();
        buf.put(pattern).flip();
        ch.write(buf, 4096L * r.nextInt(64 * 256));
        if (i % 16 == 15) {
          ch.force(false);
        }
      }
    }
    return randWrites + randWrites / 16L;
  }

  private long churn(Path dir) throws IOException {
    byte[] small = new byte[100];
    long ops = 0;
    for (int i = 0; i < churn; i++) {
      Path tmp = dir.resolve("tmp");
      Files.write(tmp, small);
      Files.move(tmp, dir.resolve("f" + (i % 50)), StandardCopyOption.ATOMIC_MOVE);
      ops += 2;
      if (i % 3 == 2) {
        Files.deleteIfExists(dir.resolve("f" + ((i * 7) % 50)));
        ops++;
      }
    }
    return ops;
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(all::add);
    }
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }
}
