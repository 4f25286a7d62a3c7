package dev.blackout.core.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.image.DeltaMaterializer;
import dev.blackout.core.image.FsImage;
import dev.blackout.core.image.Materializer;
import dev.blackout.core.model.CrashState;
import dev.blackout.core.model.ModelOptions;
import dev.blackout.core.model.PersistenceModel;
import dev.blackout.core.model.RandomWorkloads;
import dev.blackout.core.model.StateImages;
import dev.blackout.core.model.UnitGraph;
import dev.blackout.core.testing.TreeSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A state written from the previous state's directory equals the same state written afresh, even
 * when the previous state's checker changed that directory in every way it can (wrote, truncated,
 * chmodded, deleted, added, renamed, touched files, replaced a directory with a symlink leading out),
 * and nothing outside the work directory is ever written.
 */
class DeltaMaterializerTest {

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"prefix", "drop-unsynced", "posix"})
  void aPatchedStateEqualsAFreshOneWhateverTheLastCheckerDid(String model) throws Exception {
    Path work = Files.createDirectories(tmp.resolve("work"));
    Path fresh = Files.createDirectories(tmp.resolve("fresh"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("precious"), "untouched");
    int states = 0;
    for (long seed = 1; seed <= 4; seed++) {
      UnitGraph g = PersistenceModel.of(model, ModelOptions.defaults())
          .build(RandomWorkloads.random(seed, 80, seed % 2 == 0, true));
      List<CrashState> list = new ArrayList<>();
      new Explorer(g, ExploreOptions.defaults(seed).withBudget(60)).generate(new Explorer.Listener() {}).distinct()
          .forEach(c -> list.add(c.state()));
      StateImages images = new StateImages(g);
      Random rnd = new Random(seed);
      try (DeltaMaterializer writer = new DeltaMaterializer()) {
        for (CrashState s : list) {
          String name = "s" + states++;
          FsImage image = images.image(s);
          Path dir = writer.materialize(image, work.resolve(name));
          Path ref = Materializer.materialize(images.image(s), fresh.resolve(name));
          assertEquals(describe(ref), describe(dir), model + " seed " + seed + " state " + name);
          meddle(dir, outside, rnd);
        }
        long[] counts = writer.counts();
        assertTrue(counts[0] > 0, "some states were written from the last one: " + counts[0] + "/" + counts[1]);
      }
      try (Stream<Path> left = Files.list(work)) {
        assertEquals(List.of(), left.toList(), "the last state's directory is deleted on close");
      }
    }
    assertEquals("untouched", Files.readString(outside.resolve("precious")));
    try (Stream<Path> s = Files.list(outside)) {
      assertEquals(1, s.count(), "nothing was written through the checker's symlink");
    }
  }

  /**
   * A tree snapshot with the mtime of every entry the trace gave one (the workload's times are in
   * 1970; an entry without one has the time it was written, which differs between two writes).
   */
  private static Map<String, String> describe(Path root) throws IOException {
    TreeMap<String, String> out = new TreeMap<>(TreeSnapshot.of(root));
    for (Map.Entry<String, String> e : out.entrySet()) {
      Path p = root.resolve(e.getKey());
      long m = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis();
      if (!Files.isSymbolicLink(p) && m < 1_000_000_000_000L) {
        e.setValue(e.getValue() + " m" + m);
      }
    }
    return out;
  }

  /** What a careless (or hostile) checker might do to its state. */
  private static void meddle(Path dir, Path outside, Random rnd) throws IOException {
    List<Path> files = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.forEach(p -> {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          dirs.add(p);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          files.add(p);
        }
      });
    }
    for (int i = rnd.nextInt(3); i > 0; i--) {
      Path f = files.isEmpty() ? null : files.get(rnd.nextInt(files.size()));
      Path d = dirs.get(rnd.nextInt(dirs.size()));
      switch (rnd.nextInt(9)) {
        case 0 -> {
          if (f != null && Files.exists(f)) {
            f.toFile().setWritable(true);
            Files.write(f, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
          }
        }
        case 1 -> {
          if (f != null && Files.exists(f) && Files.size(f) > 0) {
            f.toFile().setWritable(true);
            try (var ch = java.nio.channels.FileChannel.open(f, StandardOpenOption.WRITE)) {
              ch.write(java.nio.ByteBuffer.wrap(new byte[] {42}), 0); // same size, same second
            }
          }
        }
        case 2 -> {
          if (f != null && Files.exists(f)) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
          }
        }
        case 3 -> {
          if (f != null) {
            Files.deleteIfExists(f);
          }
        }
        case 4 -> {
          if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
            Files.writeString(d.resolve("recovery.log"), "recovered");
          }
        }
        case 5 -> {
          if (f != null && Files.exists(f)) {
            Files.move(f, f.resolveSibling(f.getFileName() + ".bak"));
          }
        }
        case 6 -> {
          if (f != null && Files.exists(f)) {
            Files.setLastModifiedTime(f, FileTime.fromMillis(123_000));
          }
        }
        case 7 -> {
          if (!d.equals(dir) && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(d);
            Files.createSymbolicLink(d, outside);
          }
        }
        default -> {
          if (f != null && Files.exists(f)) {
            f.toFile().setWritable(true);
            Files.write(f, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
          }
        }
      }
    }
  }

  private static void deleteTree(Path d) throws IOException {
    try (Stream<Path> s = Files.walk(d)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
