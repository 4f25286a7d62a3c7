package dev.blackout.core.bench;

import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.OpMeta;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import dev.blackout.core.trace.TraceReader;
import dev.blackout.core.trace.TraceWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Trace file throughput: appending write ops (as the recorder does) and reading a whole trace
 * back, for write payloads of {@code size} bytes. Scores are ops/s; MB/s = ops/s x size. Run with
 * {@code bench/jmh TraceBench}; results in docs/benchmarks.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class TraceBench {

  /** Payload size of each write op: 0 (per-op overhead), 4 KiB, 1 MiB. */
  @Param({"0", "4096", "1048576"})
  public int size;

  /** A writer appending to a fresh file; files are rolled every 512 MiB to bound disk use. */
  @State(Scope.Thread)
  public static class Writing {
    private static final long ROLL_BYTES = 512L << 20;

    Path dir;
    TraceWriter writer;
    Payload payload;
    long written;

    @Setup(Level.Iteration)
    public void open(TraceBench bench) throws IOException {
      dir = Files.createTempDirectory("trace-bench");
      byte[] data = new byte[bench.size];
      new Random(42).nextBytes(data);
      payload = Payload.of(data);
      writer = null;
      roll();
    }

    void roll() throws IOException {
      if (writer != null) {
        writer.close();
        Files.delete(dir.resolve("bench.trace"));
      }
      writer = TraceWriter.create(dir.resolve("bench.trace"));
      writer.writeImage(InitialImage.emptyRoot());
      written = 0;
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
      writer.close();
      Files.deleteIfExists(dir.resolve("bench.trace"));
      Files.delete(dir);
    }
  }

  @Benchmark
  public long write(Writing w) throws IOException {
    if (w.written > Writing.ROLL_BYTES) {
      w.roll();
    }
    Payload p = w.payload;
    long seq = w.writer.appendNext(s -> new TraceOp.Write(OpMeta.of(s), 2, 1, s * 4096, p, 0));
    w.written += p.length() + 100;
    return seq;
  }

  /** A trace file of {@link #OPS}-many writes (at most 128 MiB of payload, at most 1e6 ops). */
  @State(Scope.Benchmark)
  public static class Reading {
    Path dir;
    Path file;
    int ops;

    @Setup(Level.Trial)
    public void create(TraceBench bench) throws IOException {
      ops = opsFor(bench.size);
      dir = Files.createTempDirectory("trace-bench");
      file = dir.resolve("read.trace");
      byte[] data = new byte[bench.size];
      new Random(42).nextBytes(data);
      Payload p = Payload.of(data);
      try (TraceWriter w = TraceWriter.create(file)) {
        w.writeImage(InitialImage.emptyRoot());
        for (int i = 0; i < ops; i++) {
          w.appendNext(s -> new TraceOp.Write(OpMeta.of(s), 2, 1, s * 4096, p, 0));
        }
      }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
      Files.deleteIfExists(file);
      Files.delete(dir);
    }
  }

  static int opsFor(int size) {
    return (int) Math.min(1_000_000, (128L << 20) / Math.max(size, 1));
  }

  /** Reads the whole trace (every checksum checked); the score is traces/s, times ops/trace. */
  @Benchmark
  public Trace read(Reading r) throws IOException {
    Trace t = TraceReader.read(r.file);
    if (t.ops().size() != r.ops) {
      throw new IllegalStateException("read " + t.ops().size() + " ops, wrote " + r.ops);
    }
    return t;
  }
}
