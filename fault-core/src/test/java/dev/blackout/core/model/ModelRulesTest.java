package dev.blackout.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.explore.ExploreOptions;
import dev.blackout.core.explore.Explorer;
import dev.blackout.core.explore.Strategy;
import dev.blackout.core.image.FsImage;
import dev.blackout.core.testing.TraceBuilder;
import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.Trace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One rule of docs/models.md per test, on hand-built traces, by enumerating every state. */
class ModelRulesTest {

  private static final byte[] OLD = "old".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NEW = "brand new data".getBytes(StandardCharsets.UTF_8);

  /** Every state (exhaustive, torn, every crash point) as an image. */
  private static List<FsImage> states(Trace t, String model, ModelOptions o) {
    UnitGraph g = PersistenceModel.of(model, o).build(t);
    ExploreOptions opts = ExploreOptions.defaults(1)
        .withStrategies(List.of(Strategy.EXHAUSTIVE, Strategy.TORN)).withBudget(100_000).withPrune(false);
    Explorer e = new Explorer(g, opts);
    List<FsImage> out = new ArrayList<>();
    for (String id : e.generate(new Explorer.Listener() {}).ids()) {
      out.add(e.images().image(StateIds.parse(g, id)));
    }
    return out;
  }

  private static byte[] content(FsImage img, String name) {
    var ino = img.lookup(TraceBuilder.ROOT, name);
    return ino.isPresent() ? img.read(ino.getAsLong()) : null;
  }

  private static boolean any(List<FsImage> states, Predicate<FsImage> p) {
    return states.stream().anyMatch(p);
  }

  @Nested
  @DisplayName("ext4-ordered")
  class Ext4 {
    private final ModelOptions lock = ModelOptions.defaults().withDioRead(ModelOptions.DioRead.LOCK);

    private Trace replaceViaTruncateTrace() {
      TraceBuilder b = TraceBuilder.create().file("db", OLD);
      long db = b.inode("db");
      b.open(db, OpenFlags.O_WRONLY | OpenFlags.O_TRUNC);
      b.write(db, 0, NEW);
      b.close(db);
      b.create(TraceBuilder.ROOT, "marker-file");
      return b.build();
    }

    @Test
    @DisplayName("auto_da_alloc (dioread_lock): after O_TRUNC + write + close, a later metadata op needs the new data")
    void replaceViaTruncateLock() {
      List<FsImage> s = states(replaceViaTruncateTrace(), "ext4-ordered", lock);
      for (FsImage img : s) {
        if (img.lookup(TraceBuilder.ROOT, "marker-file").isPresent()) {
          assertTrue(Arrays.equals(NEW, content(img, "db")), "the later create persisted before db's data");
        }
      }
      assertTrue(any(s, img -> content(img, "db").length == 0), "the truncate alone may persist");
    }

    @Test
    @DisplayName("auto_da_alloc (dioread_nolock): a later metadata op needs the new size; the data may read as zeros")
    void replaceViaTruncateNolock() {
      List<FsImage> s = states(replaceViaTruncateTrace(), "ext4-ordered", ModelOptions.defaults());
      for (FsImage img : s) {
        if (img.lookup(TraceBuilder.ROOT, "marker-file").isPresent()) {
          assertEquals(NEW.length, content(img, "db").length, "the later create persisted before db's size");
        }
      }
      assertTrue(any(s, img -> img.lookup(TraceBuilder.ROOT, "marker-file").isPresent()
          && content(img, "db")[0] == 0), "the size without the data (an unwritten extent) reads as zeros");
      assertTrue(any(s, img -> content(img, "db").length == 0), "the truncate alone may persist");
    }

    private Trace renameOverTrace() {
      TraceBuilder b = TraceBuilder.create().file("db", OLD);
      long tmp = b.create(TraceBuilder.ROOT, "tmp");
      b.write(tmp, 0, NEW);
      b.close(tmp);
      b.rename(TraceBuilder.ROOT, "tmp", TraceBuilder.ROOT, "db");
      return b.build();
    }

    @Test
    @DisplayName("rename over a file without fsync (dioread_nolock): the new size with zeros, never the new name without its size")
    void renameOverNolock() {
      List<FsImage> s = states(renameOverTrace(), "ext4-ordered", ModelOptions.defaults());
      assertTrue(any(s, img -> Arrays.equals(new byte[NEW.length], content(img, "db"))),
          "zero-filled db (calibration: Debian 6.1 kernel, docs/calibration.md)");
      for (FsImage img : s) {
        byte[] db = content(img, "db");
        assertTrue(Arrays.equals(OLD, db) || db.length == NEW.length, "db of size " + db.length);
      }
    }

    @Test
    @DisplayName("rename over a file without fsync (dioread_lock): old or new, never zeros")
    void renameOverLock() {
      for (FsImage img : states(renameOverTrace(), "ext4-ordered", lock)) {
        byte[] db = content(img, "db");
        assertTrue(Arrays.equals(OLD, db) || Arrays.equals(NEW, db), new String(db, StandardCharsets.ISO_8859_1));
      }
    }

    @Test
    @DisplayName("an appending write's size never persists before its data under dioread_lock (no zeros)")
    void noZerosLock() {
      TraceBuilder b = TraceBuilder.create().file("log", OLD);
      long log = b.inode("log");
      b.write(log, 3, NEW);
      b.create(TraceBuilder.ROOT, "other");
      for (FsImage img : states(b.build(), "ext4-ordered", lock.withTorn(0))) {
        byte[] c = content(img, "log");
        assertTrue(c.length == 3 || c.length == 3 + NEW.length, "size " + c.length);
        for (byte x : c) {
          assertTrue(x != 0, "zeros in " + new String(c, StandardCharsets.ISO_8859_1));
        }
      }
    }

    @Test
    @DisplayName("an appending write's size may persist before its data under dioread_nolock (zeros)")
    void zerosNolock() {
      TraceBuilder b = TraceBuilder.create().file("log", OLD);
      b.write(b.inode("log"), 3, NEW);
      assertTrue(any(states(b.build(), "ext4-ordered", ModelOptions.defaults()),
          img -> content(img, "log").length == 3 + NEW.length && content(img, "log")[3] == 0));
    }

    @Test
    @DisplayName("fsync of one file commits the journal: earlier creations are durable")
    void fsyncCommitsJournal() {
      TraceBuilder b = TraceBuilder.create();
      b.create(TraceBuilder.ROOT, "a");
      long f = b.create(TraceBuilder.ROOT, "b");
      b.fsync(f);
      UnitGraph g = PersistenceModel.of("ext4-ordered", ModelOptions.defaults()).build(b.build());
      assertEquals(3, g.forcedAt(g.unitOf(1, 0)));
      assertEquals(3, g.forcedAt(g.unitOf(2, 0)));
    }
  }

  @Test
  @DisplayName("a shrinking truncate zeroes the rest of the new last block on its own: the old size with zeros shows")
  void truncateZeroesTheTailOfItsBlock() {
    byte[] old = new byte[8192];
    Arrays.fill(old, (byte) 't');
    TraceBuilder b = TraceBuilder.create().file("f", old);
    long f = b.inode("f");
    b.open(f, OpenFlags.O_RDWR);
    b.truncate(f, 100);
    b.close(f);
    for (String model : List.of("ext4-ordered", "posix")) {
      List<FsImage> s = states(b.build(), model, ModelOptions.defaults());
      assertTrue(any(s, img -> {
        byte[] c = content(img, "f");
        return c.length == 8192 && c[99] == 't' && c[100] == 0 && c[4095] == 0 && c[4096] == 't';
      }), model + ": the zeroed tail persisted, the size did not (calibration, docs/calibration.md)");
      assertTrue(any(s, img -> content(img, "f").length == 100), model);
      for (FsImage img : s) {
        byte[] c = content(img, "f");
        assertTrue(c.length == 100 || c.length == 8192, model + ": size " + c.length);
      }
    }
    UnitGraph aligned = PersistenceModel.of("posix", ModelOptions.defaults()).build(
        TraceBuilder.create().file("g", old).truncate(2, 4096).build());
    assertEquals(1, aligned.unitCount(), "a truncate to a block boundary zeroes nothing");
  }

  @Nested
  @DisplayName("posix")
  class Posix {
    @Test
    @DisplayName("an append may show its size before its data (zeros)")
    void zerosVisible() {
      TraceBuilder b = TraceBuilder.create().file("log", OLD);
      b.write(b.inode("log"), 3, NEW);
      assertTrue(any(states(b.build(), "posix", ModelOptions.defaults()),
          img -> content(img, "log").length == 3 + NEW.length && content(img, "log")[3] == 0));
    }

    @Test
    @DisplayName("fsync of a file does not make its directory entry durable; fsync of the directory does")
    void entryNeedsDirectorySync() {
      TraceBuilder b = TraceBuilder.create();
      long f = b.create(TraceBuilder.ROOT, "f");
      b.fsync(f);
      b.fsyncdir(TraceBuilder.ROOT);
      UnitGraph g = PersistenceModel.of("posix", ModelOptions.defaults()).build(b.build());
      assertEquals(3, g.forcedAt(g.unitOf(1, 0)));
    }

    @Test
    @DisplayName("--rename split: a crash can lose the file under both names; atomic rename cannot")
    void splitRename() {
      TraceBuilder b = TraceBuilder.create().file("db", OLD).file("tmp", NEW);
      b.rename(TraceBuilder.ROOT, "tmp", TraceBuilder.ROOT, "db");
      Trace t = b.build();
      Predicate<FsImage> bothGone = img -> content(img, "db") == null && content(img, "tmp") == null;
      assertTrue(any(states(t, "posix", ModelOptions.defaults().withRename(ModelOptions.RenameMode.SPLIT)), bothGone));
      assertFalse(any(states(t, "posix", ModelOptions.defaults()), bothGone));
    }
  }

  @Nested
  @DisplayName("every model")
  class Shared {
    @Test
    @DisplayName("a barrier covers only ops completed before it began (OpMeta.startSeq)")
    void barrierCoversOnlyEarlierOps() {
      TraceBuilder b = TraceBuilder.create().file("f", OLD);
      long f = b.inode("f");
      b.write(f, 0, "AAA");
      long first = b.lastSeq();
      b.write(f, 100, "BBB"); // completes while the fsync below runs
      b.startSeq(first).fsync(f);
      for (String model : List.of("drop-unsynced", "ext4-ordered", "posix")) {
        UnitGraph g = PersistenceModel.of(model, ModelOptions.defaults()).build(b.build());
        assertEquals(3, g.forcedAt(g.unitOf(1, 0)), model);
        assertEquals(Long.MAX_VALUE, g.forcedAt(g.unitOf(2, 0)), model);
      }
    }

    @Test
    @DisplayName("O_DIRECT is durable at once only without a volatile device cache")
    void odirect() {
      TraceBuilder b = TraceBuilder.create().file("f", OLD);
      long f = b.inode("f");
      b.open(f, OpenFlags.O_WRONLY | OpenFlags.O_DIRECT);
      b.write(f, 0, "XYZ");
      for (String model : List.of("drop-unsynced", "ext4-ordered", "posix")) {
        UnitGraph vol = PersistenceModel.of(model, ModelOptions.defaults()).build(b.build());
        UnitGraph none = PersistenceModel.of(model, ModelOptions.defaults().withDeviceCache(ModelOptions.DeviceCache.NONE))
            .build(b.build());
        assertEquals(Long.MAX_VALUE, vol.forcedAt(vol.unitOf(2, 0)), model);
        assertEquals(2, none.forcedAt(none.unitOf(2, 0)), model);
      }
    }

    @Test
    @DisplayName("a failed op has no units")
    void failedOps() {
      TraceBuilder b = TraceBuilder.create().file("f", OLD);
      b.failing(TraceBuilder.ENOSPC).write(b.inode("f"), 0, "XYZ");
      for (String model : PersistenceModel.NAMES) {
        assertEquals(0, PersistenceModel.of(model, ModelOptions.defaults()).build(b.build()).unitCount(), model);
      }
    }

    @Test
    @DisplayName("drop-unsynced: an O_TRUNC is durable at once, an ftruncate only once synced (LazyFS)")
    void dropUnsyncedTruncates() {
      TraceBuilder b = TraceBuilder.create().file("a", OLD).file("b", OLD);
      b.open(b.inode("a"), OpenFlags.O_WRONLY | OpenFlags.O_TRUNC);
      b.truncate(b.inode("b"), 0);
      UnitGraph g = PersistenceModel.of("drop-unsynced", ModelOptions.defaults()).build(b.build());
      assertEquals(1, g.forcedAt(g.unitOf(1, 0)));
      assertEquals(Long.MAX_VALUE, g.forcedAt(g.unitOf(2, 0)));
    }
  }
}
