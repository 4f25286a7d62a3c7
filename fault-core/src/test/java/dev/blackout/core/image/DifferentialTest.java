package dev.blackout.core.image;

import dev.blackout.core.testing.TreeSnapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.TraceOp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test: a seeded random workload runs on a real directory while recording the trace
 * ops it makes; applying the trace to an empty image and materializing it must give the same tree
 * (names, types, modes, sizes, contents, link targets, hard-link groups). Rerun one seed with
 * {@code -Dblackout.image.seed=N}; set how many seeds with {@code -Dblackout.image.seeds=N}.
 */
class DifferentialTest {
  static final String SEED = "blackout.image.seed";
  static final long BASE_SEED = 0x5EED_1A6EL;

  @TempDir Path base;

  @TestFactory
  Stream<DynamicTest> randomWorkloadsReplayToTheSameTree() {
    String one = System.getProperty(SEED);
    LongStream seeds =
        one != null
            ? LongStream.of(Long.parseLong(one.trim()))
            : LongStream.range(0, Long.getLong("blackout.image.seeds", 30)).map(i -> BASE_SEED + i);
    return seeds.mapToObj(s -> DynamicTest.dynamicTest("seed " + s, () -> check(s)));
  }

  private void check(long seed) throws Exception {
    try {
      Path work = Files.createDirectory(base.resolve("real-" + seed));
      RandomWorkload w = new RandomWorkload(seed, work);
      w.run(120);
      List<TraceOp> ops = w.ops;

      FsImage img = FsImage.of(InitialImage.emptyRoot());
      int half = ops.size() / 2;
      FsImage forked = null;
      for (int i = 0; i < ops.size(); i++) {
        if (i == half) {
          forked = img.copy();
        }
        img.apply(ops.get(i));
        if (forked != null) {
          forked.apply(ops.get(i));
        }
        // the cached, incremental hash always equals one computed from scratch
        assertEquals(ContentHasher.hash(img, false), img.contentHash(), "after " + ops.get(i));
      }
      assertEquals(img.contentHash(), forked.contentHash(), "a copy replays like the original");
      assertEquals(ContentHasher.hash(forked, false), forked.contentHash());

      Path out = Materializer.materialize(img, base.resolve("image-" + seed));
      TreeMap<String, String> expected = TreeSnapshot.of(work);
      TreeMap<String, String> actual = TreeSnapshot.of(out);
      assertEquals(expected, actual, ops.size() + " ops");
    } catch (Throwable t) {
      throw new AssertionError(
          "seed " + seed + " (rerun with -D" + SEED + "=" + seed + "): " + t.getMessage(), t);
    }
  }
}
