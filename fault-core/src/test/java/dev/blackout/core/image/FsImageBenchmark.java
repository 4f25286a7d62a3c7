package dev.blackout.core.image;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.Payload;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the explorer does per crash state: copy a base image, apply a few primitive mutations, hash
 * it. The base holds {@code files} files of 64 KiB in 10 directories. Run with the command in
 * docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FsImageBenchmark {

  @Param({"100", "1000"})
  public int files;

  private FsImage base;
  private Payload page;
  private Payload small;
  private int next;

  @Setup
  public void setUp() {
    Random rnd = new Random(42);
    base = FsImage.of(InitialImage.emptyRoot());
    long ino = 2;
    for (int d = 0; d < 10; d++) {
      long dir = ino++;
      base.createInode(dir, FileType.DIRECTORY, 0755, null, 0);
      base.link(InitialImage.ROOT_INODE, "d" + d, dir);
      for (int f = 0; f < files / 10; f++) {
        long file = ino++;
        byte[] b = new byte[64 * 1024];
        rnd.nextBytes(b);
        base.createInode(file, FileType.REGULAR, 0644, null, 0);
        base.link(dir, "f" + f, file);
        base.write(file, 0, Payload.of(b), 0, b.length, true);
      }
    }
    base.contentHash(); // warm the digest caches, as the explorer's base would be
    byte[] p = new byte[4096];
    rnd.nextBytes(p);
    page = Payload.of(p);
    small = Payload.of(new byte[] {1, 2, 3});
  }

  @Benchmark
  public FsImage copyOnly() {
    return base.copy();
  }

  @Benchmark
  public String copyMutateHash() {
    FsImage img = base.copy();
    int i = next++ % (files / 10 - 1);
    long file = 3 + i; // a file of d0
    img.write(file, 8192, page, 0, 4096, true);
    img.write(file, 100, small, 0, 3, false);
    img.setSize(file + 1, 1000);
    img.createInode(1_000_000, FileType.REGULAR, 0644, null, 0);
    img.link(2, "new", 1_000_000);
    img.unlink(2, "f" + ((i + 2) % (files / 10)));
    return img.contentHash();
  }
}
