package dev.blackout.core.model;

import static dev.blackout.core.testing.TraceBuilder.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.image.FsImage;
import dev.blackout.core.image.ImageException;
import dev.blackout.core.image.Materializer;
import dev.blackout.core.testing.TraceBuilder;
import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rebuilt end state is what the kernel made (issue 11, "rebuilt states"). */
class RebuiltStateTest {
  @TempDir Path tmp;

  /**
   * The image of the last crash state of {@code trace} under the prefix model, or with every unit
   * applied under another model (whose last crash state may drop what was never synced).
   */
  static FsImage last(Trace trace, String model, ModelOptions options) {
    UnitGraph g = PersistenceModel.of(model, options).build(trace);
    StateImages images = new StateImages(g);
    return model.equals("prefix") ? images.image(StateIds.parse(g, "k" + g.opCount())) : images.all();
  }

  @ParameterizedTest(name = "{0} {1} flags {2}")
  @CsvSource({
    "prefix, atomic, 0", "prefix, atomic, 2", "posix, split, 0", "posix, split, 2",
    "ext4-ordered, atomic, 0", "drop-unsynced, split, 2"
  })
  void aRenameBetweenTwoLinksOfOneFileChangesNothing(String model, String rename, int flags) {
    TraceBuilder b = TraceBuilder.create();
    long f = b.create(ROOT, "f");
    b.write(f, 0, "x");
    b.close(f);
    b.link(f, ROOT, "g");
    // what the recorder writes for renameat2(f, g, flags): g names the same inode
    b.add(m -> new TraceOp.Rename(m, ROOT, "f", ROOT, "g", f, f, flags));
    b.fsyncdir(ROOT);
    Trace t = b.build();
    ModelOptions o = ModelOptions.defaults()
        .withRename(ModelOptions.RenameMode.valueOf(rename.toUpperCase(java.util.Locale.ROOT)));
    FsImage img = last(t, model, o);
    assertEquals(f, img.lookup(ROOT, "f").orElse(-1), "the source name stays");
    assertEquals(f, img.lookup(ROOT, "g").orElse(-1));
    assertEquals(2, img.linkCount(f));
    FsImage whole = FsImage.of(t.image());
    whole.applyAll(t.ops());
    assertEquals(whole.contentHash(), img.contentHash());
  }

  @Test
  void anExchangeSwapsTwoEntriesAndNoreplaceMovesOne() {
    TraceBuilder b = TraceBuilder.create();
    long a = b.create(ROOT, "a");
    b.write(a, 0, "A");
    b.close(a);
    long d = b.mkdir(ROOT, "d");
    long c = b.create(d, "c");
    b.write(c, 0, "C");
    b.close(c);
    b.add(m -> new TraceOp.Rename(m, ROOT, "a", d, "c", a, c, TraceOp.Rename.RENAME_EXCHANGE));
    b.failing(TraceBuilder.ENOENT)
        .add(m -> new TraceOp.Rename(m, d, "a", ROOT, "n", 0, 0, TraceOp.Rename.RENAME_NOREPLACE));
    b.add(m -> new TraceOp.Rename(m, ROOT, "a", ROOT, "n", c, 0, TraceOp.Rename.RENAME_NOREPLACE));
    for (String model : PersistenceModel.NAMES) {
      FsImage img = last(b.build(), model, ModelOptions.defaults());
      assertEquals(a, img.lookup(d, "c").orElse(-1), model);
      assertEquals(c, img.lookup(ROOT, "n").orElse(-1), model);
      assertFalse(img.lookup(ROOT, "a").isPresent(), model);
    }
  }

  @Test
  void replayRefusesWhatTheKernelCannotHaveDone() {
    // RENAME_WHITEOUT leaves an inode no op created; an op on a never-created inode; a create
    // over an existing name: refused with the op named, never invented in a state.
    TraceBuilder w = TraceBuilder.create().file("a", "x".getBytes());
    long a = w.inode("a");
    w.add(m -> new TraceOp.Rename(m, ROOT, "a", ROOT, "b", a, 0, TraceOp.Rename.RENAME_WHITEOUT));
    ImageException e = assertThrows(ImageException.class,
        () -> PersistenceModel.of("prefix", ModelOptions.defaults()).build(w.build()));
    assertEquals("op #1 Rename: RENAME_WHITEOUT leaves a whiteout no op created (the recorder"
        + " refuses the flag)", e.getMessage());

    TraceBuilder u = TraceBuilder.create();
    u.add(m -> new TraceOp.Write(m, 77, 0, 0, Payload.of(new byte[] {1}), 0));
    e = assertThrows(ImageException.class,
        () -> PersistenceModel.of("posix", ModelOptions.defaults()).build(u.build()));
    assertTrue(e.getMessage().startsWith("op #1 Write: "), e.getMessage());
    assertTrue(e.getMessage().contains("77"), e.getMessage());

    TraceBuilder c = TraceBuilder.create().file("a", "x".getBytes());
    c.add(m -> new TraceOp.Create(m, ROOT, "a", 9, 0644, 1, OpenFlags.O_CREAT | OpenFlags.O_WRONLY));
    e = assertThrows(ImageException.class,
        () -> PersistenceModel.of("prefix", ModelOptions.defaults()).build(c.build()));
    assertTrue(e.getMessage().startsWith("op #1 Create: 'a' already exists"), e.getMessage());
  }

  @Test
  void whatTheKernelMadeIsWhatIsRebuilt() throws IOException {
    long t1 = 1_600_000_000_123_456_789L;
    long t2 = t1 + 1_000;
    long t3 = t1 + 2_000_000_000L;
    long t4 = t3 + 7;
    TraceBuilder b = TraceBuilder.create();
    b.time(t4 + 5_000_000_000L); // the ops completed later than the kernel's times say
    // mkdir 0755 in a setgid directory of group 4242: the kernel made 02755, group 4242
    b.add(m -> new TraceOp.Mkdir(m, ROOT, "sg", 2, 02755, 0, 4242, t1, t2));
    b.add(m -> new TraceOp.Create(m, 2, "f", 3, 0640, 1, OpenFlags.O_CREAT | OpenFlags.O_WRONLY,
        0, 4242, t3, t3));
    b.add(m -> new TraceOp.Write(m, 3, 1, 0, Payload.of("data".getBytes()), 0, t4));
    b.add(m -> new TraceOp.Release(m, 3, 1));
    for (String model : PersistenceModel.NAMES) {
      FsImage img = last(b.build(), model, ModelOptions.defaults());
      assertEquals(02755, img.mode(2), model);
      assertEquals(4242, img.gid(2), model);
      assertEquals(4242, img.gid(3), model);
      assertEquals(t3, img.mtimeNanos(2), model + ": a directory's mtime from its last entry op");
      assertEquals(t4, img.mtimeNanos(3), model + ": a file's mtime from its last write");
    }
    Path out = Materializer.materialize(last(b.build(), "prefix", ModelOptions.defaults()),
        tmp.resolve("out"));
    assertEquals(FileTime.from(t4, TimeUnit.NANOSECONDS),
        Files.getLastModifiedTime(out.resolve("sg/f"), LinkOption.NOFOLLOW_LINKS));
    assertEquals(FileTime.from(t3, TimeUnit.NANOSECONDS),
        Files.getLastModifiedTime(out.resolve("sg"), LinkOption.NOFOLLOW_LINKS));
    assertEquals(02755, (int) Files.getAttribute(out.resolve("sg"), "unix:mode") & 07777);
  }
}
