package dev.blackout.core.image;

import static dev.blackout.core.trace.InitialImage.ROOT_INODE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.OpMeta;
import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.TraceOp;
import dev.blackout.core.trace.TraceOp.Fallocate;
import dev.blackout.core.trace.TraceOp.Rename;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FsImageTest {

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(FsImage img, long inode) {
    return new String(img.read(inode), StandardCharsets.UTF_8);
  }

  static FsImage fresh() {
    return FsImage.of(InitialImage.emptyRoot());
  }

  static FsImage applied(Ops o) {
    FsImage img = fresh();
    img.applyAll(o.ops);
    return img;
  }

  @Nested
  @DisplayName("apply(op)")
  class Apply {

    @Test
    void createWriteReleaseGivesAFileWithContent() {
      Ops o = new Ops();
      o.create(ROOT_INODE, "a", 2, 0640, 7);
      o.write(2, 7, 0, "hello");
      o.write(2, 7, 5, " world");
      o.release(2, 7);
      FsImage img = applied(o);
      assertEquals(Map.of("a", 2L), img.list(ROOT_INODE));
      assertEquals("hello world", text(img, 2));
      assertEquals(11, img.size(2));
      assertEquals(0640, img.mode(2));
      assertEquals(FileType.REGULAR, img.type(2));
      assertFalse(img.isOpen(2));
    }

    @Test
    void renameOverAnExistingFileReplacesItAndDropsTheOldInode() {
      Ops o = new Ops();
      o.create(ROOT_INODE, "db", 2, 0644, 1);
      o.write(2, 1, 0, "old");
      o.release(2, 1);
      o.create(ROOT_INODE, "tmp", 3, 0644, 2);
      o.write(3, 2, 0, "new!");
      o.release(3, 2);
      o.rename(ROOT_INODE, "tmp", ROOT_INODE, "db", 3, 2, 0);
      FsImage img = applied(o);
      assertEquals(Map.of("db", 3L), img.list(ROOT_INODE));
      assertEquals("new!", text(img, 3));
      assertFalse(img.exists(2), "the replaced inode had no handle left");
    }

    @Test
    void renameOverAFileStillOpenKeepsItsInodeUntilRelease() {
      Ops o = new Ops();
      o.create(ROOT_INODE, "db", 2, 0644, 1);
      o.create(ROOT_INODE, "tmp", 3, 0644, 2);
      o.rename(ROOT_INODE, "tmp", ROOT_INODE, "db", 3, 2, 0);
      FsImage img = applied(o);
      assertTrue(img.exists(2));
      assertEquals(0, img.linkCount(2));
      img.apply(new TraceOp.Release(OpMeta.of(9), 2, 1));
      assertFalse(img.exists(2));
    }

    @Test
    void hardLinksShareContentAndSurviveUnlinkOfOneName() {
      Ops o = new Ops();
      o.create(ROOT_INODE, "a", 2, 0644, 1);
      o.write(2, 1, 0, "shared");
      o.release(2, 1);
      o.mkdir(ROOT_INODE, "d", 3, 0755);
      o.link(2, 3, "b");
      FsImage img = applied(o);
      assertEquals(2, img.linkCount(2));
      assertEquals(OptionalLong.of(2), img.lookup(3, "b"));
      img.apply(new TraceOp.Write(OpMeta.of(20), 2, 0, 6, Payload.of(utf8("+more")), 0));
      img.apply(new TraceOp.Unlink(OpMeta.of(21), ROOT_INODE, "a", 2));
      assertTrue(img.exists(2));
      assertEquals("shared+more", text(img, img.lookup(3, "b").getAsLong()));
    }

    @Test
    void unlinkOfAnOpenFileKeepsItsContentForWritesThroughTheHandle() {
      Ops o = new Ops();
      o.create(ROOT_INODE, "f", 2, 0600, 5);
      o.write(2, 5, 0, "before");
      o.unlink(ROOT_INODE, "f", 2);
      o.write(2, 5, 6, "+after");
      FsImage img = applied(o);
      assertTrue(img.list(ROOT_INODE).isEmpty());
      assertTrue(img.exists(2));
      assertEquals("before+after", text(img, 2));
      String hashWhileOpen = img.contentHash();
      img.apply(new TraceOp.Release(OpMeta.of(10), 2, 5));
      assertFalse(img.exists(2));
      assertEquals(hashWhileOpen, img.contentHash(), "an unreachable file is invisible");
      assertEquals(fresh().contentHash(), img.contentHash());
    }

    @Test
    void sparseWritesLeaveZeroHoles() {
      Ops o = new Ops();
      o.create(ROOT_INODE, "s", 2, 0644, 1);
      o.write(2, 1, 10_000, "x");
      o.write(2, 1, 3, "ab");
      FsImage img = applied(o);
      byte[] expected = new byte[10_001];
      expected[3] = 'a';
      expected[4] = 'b';
      expected[10_000] = 'x';
      assertArrayEquals(expected, img.read(2));
      assertEquals(10_001, img.size(2));
    }

    @Test
    void truncateDownThenUpExposesZerosNotOldBytes() {
      Ops o = new Ops();
      o.create(ROOT_INODE, "t", 2, 0644, 1);
      byte[] big = new byte[9000];
      Arrays.fill(big, (byte) 7);
      o.write(2, 1, 0, big);
      o.truncate(2, 5000);
      o.truncate(2, 8200);
      FsImage img = applied(o);
      byte[] expected = new byte[8200];
      Arrays.fill(expected, 0, 5000, (byte) 7);
      assertArrayEquals(expected, img.read(2));
    }

    @Test
    void openWithOTruncEmptiesTheFile() {
      Ops o = new Ops();
      o.create(ROOT_INODE, "t", 2, 0644, 1);
      o.write(2, 1, 0, "content");
      o.release(2, 1);
      o.open(2, 2, OpenFlags.O_WRONLY | OpenFlags.O_TRUNC);
      FsImage img = applied(o);
      assertEquals(0, img.size(2));
      assertTrue(img.isOpen(2));
      Ops p = new Ops();
      p.create(ROOT_INODE, "t", 2, 0644, 1);
      p.write(2, 1, 0, "content");
      p.release(2, 1);
      p.open(2, 2, OpenFlags.O_RDWR);
      assertEquals("content", text(applied(p), 2));
    }

    @Test
    void symlinkIsStoredWithItsTargetAndNeverResolved() {
      Ops o = new Ops();
      o.symlink(ROOT_INODE, "l", 2, "../../etc/passwd");
      FsImage img = applied(o);
      assertEquals(FileType.SYMLINK, img.type(2));
      assertEquals("../../etc/passwd", img.linkTarget(2));
      assertEquals(16, img.size(2));
    }

    @Test
    void chmodChangesModeAndHash() {
      Ops o = new Ops();
      o.create(ROOT_INODE, "f", 2, 0644, 1);
      FsImage img = applied(o);
      String before = img.contentHash();
      img.apply(new TraceOp.Chmod(OpMeta.of(5), 2, 0100400));
      assertEquals(0400, img.mode(2));
      assertNotEquals(before, img.contentHash());
    }

    @Test
    void chownTimesAndXattrsAreKeptButNotHashed() {
      Ops o = new Ops();
      o.create(ROOT_INODE, "f", 2, 0644, 1);
      FsImage img = applied(o);
      String before = img.contentHash();
      img.apply(new TraceOp.Chown(OpMeta.of(5), 2, 1000, -1));
      img.apply(new TraceOp.Chown(OpMeta.of(6), 2, -1, 100));
      img.apply(new TraceOp.SetTimes(OpMeta.of(7), 2, 11, 22));
      img.apply(new TraceOp.SetXattr(OpMeta.of(8), 2, "user.k", Payload.of(utf8("v")), 0));
      assertEquals(1000, img.uid(2));
      assertEquals(100, img.gid(2));
      assertEquals(11, img.atimeNanos(2));
      assertEquals(22, img.mtimeNanos(2));
      assertEquals(Payload.of(utf8("v")), img.xattrs(2).get("user.k"));
      img.apply(new TraceOp.RemoveXattr(OpMeta.of(9), 2, "user.k"));
      assertTrue(img.xattrs(2).isEmpty());
      assertEquals(before, img.contentHash());
    }

    @Test
    void mkdirRmdirAndRenameOfADirectoryMoveItsSubtree() {
      Ops o = new Ops();
      o.mkdir(ROOT_INODE, "a", 2, 0755);
      o.mkdir(2, "b", 3, 0700);
      o.create(3, "f", 4, 0644, 1);
      o.write(4, 1, 0, "deep");
      o.release(4, 1);
      o.mkdir(ROOT_INODE, "empty", 5, 0755);
      o.rename(ROOT_INODE, "a", ROOT_INODE, "empty", 2, 5, 0);
      o.mkdir(ROOT_INODE, "gone", 6, 0755);
      o.rmdir(ROOT_INODE, "gone", 6);
      FsImage img = applied(o);
      assertEquals(Map.of("empty", 2L), img.list(ROOT_INODE));
      assertEquals("deep", text(img, img.lookup(img.lookup(2, "b").getAsLong(), "f").getAsLong()));
      assertFalse(img.exists(5));
      assertFalse(img.exists(6));
    }

    @Test
    void renameNoReplaceAndExchange() {
      Ops o = new Ops();
      o.create(ROOT_INODE, "a", 2, 0644, 1);
      o.write(2, 1, 0, "A");
      o.create(ROOT_INODE, "b", 3, 0644, 2);
      o.write(3, 2, 0, "B");
      o.rename(ROOT_INODE, "a", ROOT_INODE, "c", 2, 0, Rename.RENAME_NOREPLACE);
      o.rename(ROOT_INODE, "c", ROOT_INODE, "b", 2, 3, Rename.RENAME_EXCHANGE);
      FsImage img = applied(o);
      assertEquals(Map.of("b", 2L, "c", 3L), img.list(ROOT_INODE));
      assertEquals("A", text(img, img.lookup(ROOT_INODE, "b").getAsLong()));
      assertEquals("B", text(img, img.lookup(ROOT_INODE, "c").getAsLong()));
      ImageException e =
          assertThrows(
              ImageException.class,
              () ->
                  img.apply(
                      new Rename(
                          OpMeta.of(50), ROOT_INODE, "b", ROOT_INODE, "c", 2, 3,
                          Rename.RENAME_NOREPLACE)));
      assertTrue(e.getMessage().startsWith("op #50 Rename:"), e.getMessage());
    }

    @Test
    void renameOntoAnotherLinkOfTheSameInodeChangesNothing() {
      Ops o = new Ops();
      o.create(ROOT_INODE, "a", 2, 0644, 1);
      o.link(2, ROOT_INODE, "b");
      o.rename(ROOT_INODE, "a", ROOT_INODE, "b", 2, 2, 0);
      FsImage img = applied(o);
      assertEquals(Map.of("a", 2L, "b", 2L), img.list(ROOT_INODE));
    }

    @Test
    void fallocateModes() {
      Ops o = new Ops();
      o.create(ROOT_INODE, "f", 2, 0644, 1);
      byte[] ones = new byte[10_000];
      Arrays.fill(ones, (byte) 1);
      o.write(2, 1, 0, ones);
      FsImage img = applied(o);
      img.apply(new Fallocate(OpMeta.of(10), 2, 1, Fallocate.KEEP_SIZE, 0, 50_000));
      assertEquals(10_000, img.size(2));
      img.apply(new Fallocate(OpMeta.of(11), 2, 1, 0, 0, 12_000));
      assertEquals(12_000, img.size(2));
      img.apply(
          new Fallocate(
              OpMeta.of(12), 2, 1, Fallocate.PUNCH_HOLE | Fallocate.KEEP_SIZE, 100, 8_000));
      img.apply(new Fallocate(OpMeta.of(13), 2, 1, Fallocate.ZERO_RANGE, 9_000, 4_000));
      byte[] expected = new byte[13_000];
      Arrays.fill(expected, 0, 10_000, (byte) 1);
      Arrays.fill(expected, 100, 8_100, (byte) 0);
      Arrays.fill(expected, 9_000, 13_000, (byte) 0);
      assertArrayEquals(expected, img.read(2));
      assertThrows(
          ImageException.class,
          () -> img.apply(new Fallocate(OpMeta.of(14), 2, 1, Fallocate.PUNCH_HOLE, 0, 1)));
      assertThrows(
          ImageException.class, () -> img.apply(new Fallocate(OpMeta.of(15), 2, 1, 0x08, 0, 1)));
    }

    @Test
    void mknodMakesAFifo() {
      FsImage img = fresh();
      img.apply(new TraceOp.Mknod(OpMeta.of(1), ROOT_INODE, "p", 2, 0010644, 0));
      assertEquals(FileType.FIFO, img.type(2));
      assertEquals(0644, img.mode(2));
      assertThrows(
          ImageException.class,
          () -> img.apply(new TraceOp.Mknod(OpMeta.of(2), ROOT_INODE, "d", 3, 0040755, 0)));
    }

    @Test
    void barriersMarkersAndFlushesChangeNothing() {
      Ops o = new Ops();
      o.mkdir(ROOT_INODE, "d", 2, 0755);
      o.create(2, "f", 3, 0644, 1);
      o.write(3, 1, 0, "x");
      FsImage img = applied(o);
      String before = img.contentHash();
      img.apply(new TraceOp.Flush(OpMeta.of(10), 3, 1));
      img.apply(new TraceOp.Fsync(OpMeta.of(11), 3, 1));
      img.apply(new TraceOp.Fdatasync(OpMeta.of(12), 3, 1));
      img.apply(new TraceOp.Fsyncdir(OpMeta.of(13), 2, 0));
      img.apply(new TraceOp.Marker(OpMeta.of(14), "ack 1"));
      assertEquals(before, img.contentHash());
      assertEquals("x", text(img, 3));
    }

    @Test
    void aFailedOpChangesNothingEvenWhenItWouldBeRefused() {
      FsImage img = fresh();
      String before = img.contentHash();
      img.apply(new TraceOp.Create(OpMeta.of(1).withErrno(17), ROOT_INODE, "x", 2, 0644, 1, 0));
      img.apply(new TraceOp.Unlink(OpMeta.of(2).withErrno(2), ROOT_INODE, "..", 99));
      assertEquals(before, img.contentHash());
      assertFalse(img.exists(2));
    }
  }

  @Nested
  @DisplayName("apply refuses an inconsistent or hostile trace")
  class Refuse {

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "a\0b", "/"})
    void hostileNamesInEveryEntryOp(String name) {
      FsImage img = fresh();
      img.apply(new TraceOp.Create(OpMeta.of(1), ROOT_INODE, "ok", 2, 0644, 1, 0));
      List<TraceOp> bad =
          List.of(
              new TraceOp.Create(OpMeta.of(2), ROOT_INODE, name, 3, 0644, 2, 0),
              new TraceOp.Mkdir(OpMeta.of(3), ROOT_INODE, name, 3, 0755),
              new TraceOp.Mknod(OpMeta.of(4), ROOT_INODE, name, 3, 0010644, 0),
              new TraceOp.Symlink(OpMeta.of(5), ROOT_INODE, name, 3, "t"),
              new TraceOp.Link(OpMeta.of(6), 2, ROOT_INODE, name),
              new TraceOp.Rename(OpMeta.of(7), ROOT_INODE, "ok", ROOT_INODE, name, 2, 0, 0),
              new TraceOp.Unlink(OpMeta.of(8), ROOT_INODE, name, 2));
      String before = img.contentHash();
      for (TraceOp op : bad) {
        ImageException e = assertThrows(ImageException.class, () -> img.apply(op), op::toString);
        String prefix = "op #" + op.seq() + " " + op.getClass().getSimpleName() + ": ";
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertFalse(e.getMessage().contains("\0"), "NUL escaped");
      }
      assertEquals(before, img.contentHash(), "refused ops change nothing");
      assertEquals(Map.of("ok", 2L), img.list(ROOT_INODE));
    }

    @Test
    void unknownInode() {
      FsImage img = fresh();
      assertThrows(
          ImageException.class,
          () -> img.apply(new TraceOp.Write(OpMeta.of(1), 42, 0, 0, Payload.of(utf8("x")), 0)));
      assertThrows(
          ImageException.class,
          () -> img.apply(new TraceOp.Create(OpMeta.of(2), 42, "x", 3, 0644, 0, 0)));
      assertThrows(ImageException.class, () -> img.apply(new TraceOp.Chmod(OpMeta.of(3), 42, 0)));
      assertThrows(
          ImageException.class, () -> img.apply(new TraceOp.Fsync(OpMeta.of(4), 42, 0)));
    }

    @Test
    void entriesUnderAFileOrASymlinkAreRefused() {
      Ops o = new Ops();
      o.create(ROOT_INODE, "f", 2, 0644, 1);
      o.symlink(ROOT_INODE, "evil", 3, "/tmp/somewhere");
      FsImage img = applied(o);
      String before = img.contentHash();
      for (long parent : new long[] {2, 3}) {
        ImageException e =
            assertThrows(
                ImageException.class,
                () -> img.apply(new TraceOp.Create(OpMeta.of(9), parent, "x", 4, 0644, 0, 0)));
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
        assertThrows(
            ImageException.class,
            () -> img.apply(new TraceOp.Mkdir(OpMeta.of(10), parent, "x", 4, 0755)));
      }
      assertEquals(before, img.contentHash());
    }

    @Test
    void createOverAnExistingNameOrInode() {
      Ops o = new Ops();
      o.create(ROOT_INODE, "f", 2, 0644, 1);
      FsImage img = applied(o);
      assertThrows(
          ImageException.class,
          () -> img.apply(new TraceOp.Create(OpMeta.of(5), ROOT_INODE, "f", 3, 0644, 0, 0)));
      assertThrows(
          ImageException.class,
          () -> img.apply(new TraceOp.Create(OpMeta.of(6), ROOT_INODE, "g", 2, 0644, 0, 0)));
      assertThrows(
          ImageException.class,
          () -> img.apply(new TraceOp.Mkdir(OpMeta.of(7), ROOT_INODE, "root", 1, 0755)));
    }

    @Test
    void rmdirOfANonEmptyDirectoryAndOtherTypeMismatches() {
      Ops o = new Ops();
      o.mkdir(ROOT_INODE, "d", 2, 0755);
      o.create(2, "f", 3, 0644, 1);
      o.mkdir(ROOT_INODE, "e", 4, 0755);
      FsImage img = applied(o);
      String before = img.contentHash();
      assertThrows(ImageException.class, () -> img.apply(new TraceOp.Rmdir(OpMeta.of(9), ROOT_INODE, "d", 2)));
      assertThrows(ImageException.class, () -> img.apply(new TraceOp.Unlink(OpMeta.of(9), ROOT_INODE, "d", 2)));
      assertThrows(ImageException.class, () -> img.apply(new TraceOp.Rmdir(OpMeta.of(9), 2, "f", 3)));
      assertThrows(ImageException.class, () -> img.apply(new TraceOp.Unlink(OpMeta.of(9), 2, "f", 99)));
      assertThrows(ImageException.class, () -> img.apply(new TraceOp.Link(OpMeta.of(9), 2, 4, "hard")));
      // rename a directory over a non-empty one, into itself, a file over a directory
      assertThrows(ImageException.class, () -> img.apply(new Rename(OpMeta.of(9), ROOT_INODE, "e", ROOT_INODE, "d", 4, 2, 0)));
      assertThrows(ImageException.class, () -> img.apply(new Rename(OpMeta.of(9), ROOT_INODE, "d", 2, "x", 2, 0, 0)));
      assertThrows(ImageException.class, () -> img.apply(new Rename(OpMeta.of(9), 2, "f", ROOT_INODE, "e", 3, 4, 0)));
      // replaced disagrees with the tree
      assertThrows(ImageException.class, () -> img.apply(new Rename(OpMeta.of(9), 2, "f", ROOT_INODE, "new", 3, 7, 0)));
      assertThrows(ImageException.class, () -> img.apply(new Rename(OpMeta.of(9), 2, "f", ROOT_INODE, "e", 3, 0, 0)));
      assertThrows(ImageException.class, () -> img.apply(new TraceOp.Write(OpMeta.of(9), 2, 0, 0, Payload.of(utf8("x")), 0)));
      assertEquals(before, img.contentHash());
    }

    @Test
    void renameMovingADirectoryBelowItselfIsRefused() {
      Ops o = new Ops();
      o.mkdir(ROOT_INODE, "a", 2, 0755);
      o.mkdir(2, "b", 3, 0755);
      FsImage img = applied(o);
      assertThrows(ImageException.class, () -> img.apply(new Rename(OpMeta.of(9), ROOT_INODE, "a", 3, "a", 2, 0, 0)));
      assertEquals(Map.of("a", 2L), img.list(ROOT_INODE));
    }

    @Test
    void writesPastTheImageLimitAreRefused() {
      Ops o = new Ops();
      o.create(ROOT_INODE, "f", 2, 0644, 1);
      FsImage img = applied(o);
      assertThrows(ImageException.class, () -> img.apply(new TraceOp.Truncate(OpMeta.of(5), 2, 0, Long.MAX_VALUE / 2)));
      assertThrows(ImageException.class, () -> img.apply(new TraceOp.Write(OpMeta.of(6), 2, 0, FsImage.MAX_FILE_SIZE, Payload.of(utf8("x")), 0)));
      assertEquals(0, img.size(2));
    }
  }

  @Nested
  @DisplayName("primitives")
  class Primitives {

    FsImage withFile(String content) {
      FsImage img = fresh();
      img.createInode(2, FileType.REGULAR, 0644, null, 0);
      img.link(ROOT_INODE, "f", 2);
      Payload p = Payload.of(utf8(content));
      img.write(2, 0, p, 0, p.length(), true);
      return img;
    }

    @Test
    void createInodeIsUnlinkedUntilLinked() {
      FsImage img = fresh();
      img.createInode(2, FileType.SYMLINK, 0777, "t", 0);
      assertTrue(img.exists(2));
      assertEquals(0, img.linkCount(2));
      assertEquals(fresh().contentHash(), img.contentHash());
      img.link(ROOT_INODE, "l", 2);
      assertEquals(1, img.linkCount(2));
      assertThrows(ImageException.class, () -> img.createInode(2, FileType.REGULAR, 0644, null, 0));
      assertThrows(ImageException.class, () -> img.createInode(3, FileType.REGULAR, 0644, "x", 0));
      assertThrows(ImageException.class, () -> img.createInode(3, FileType.SYMLINK, 0777, null, 0));
      assertThrows(ImageException.class, () -> img.createInode(0, FileType.REGULAR, 0644, null, 0));
    }

    @Test
    void linkReplacesAndUnlinkReturnsTheInode() {
      FsImage img = withFile("one");
      img.createInode(3, FileType.REGULAR, 0600, null, 0);
      img.link(ROOT_INODE, "f", 3);
      assertEquals(OptionalLong.of(3), img.lookup(ROOT_INODE, "f"));
      assertEquals(0, img.linkCount(2));
      assertTrue(img.exists(2), "primitives never collect");
      assertTrue(img.collect(2));
      assertFalse(img.exists(2));
      assertEquals(OptionalLong.of(3), img.unlink(ROOT_INODE, "f"));
      assertEquals(OptionalLong.empty(), img.unlink(ROOT_INODE, "f"));
      assertThrows(ImageException.class, () -> img.link(ROOT_INODE, "..", 3));
      assertThrows(ImageException.class, () -> img.link(3, "x", 3));
      assertThrows(ImageException.class, () -> img.link(ROOT_INODE, "x", 77));
    }

    @Test
    void collectKeepsAnOpenInode() {
      FsImage img = withFile("x");
      img.openHandle(9, 2);
      img.unlink(ROOT_INODE, "f");
      assertFalse(img.collect(2));
      assertEquals(OptionalLong.of(2), img.closeHandle(9));
      assertTrue(img.collect(2));
    }

    @Test
    void writeWithoutExtendDropsBytesPastTheSize() {
      FsImage img = withFile("abcdef");
      Payload p = Payload.of(utf8("0123456789"));
      img.write(2, 4, p, 2, 5, false); // "23456" at 4: only "23" lands
      assertEquals("abcd23", text(img, 2));
      img.write(2, 6, p, 0, 3, false); // entirely past the size: nothing
      assertEquals("abcd23", text(img, 2));
      img.write(2, 8, p, 0, 3, true); // with extend: hole of 2, then "012"
      assertArrayEquals(new byte[] {'a', 'b', 'c', 'd', '2', '3', 0, 0, '0', '1', '2'}, img.read(2));
      assertThrows(ImageException.class, () -> img.write(2, 0, p, 8, 5, true));
      assertThrows(ImageException.class, () -> img.write(ROOT_INODE, 0, p, 0, 1, true));
    }

    @Test
    void largeAlignedWritesAreLazyViewsOfThePayload() {
      FsImage img = withFile("");
      byte[] data = new byte[3 * 4096 + 100];
      new java.util.Random(1).nextBytes(data);
      Payload p = Payload.of(data);
      img.write(2, 100, p, 0, data.length, true);
      Node n = img.nodes.get(2L);
      assertTrue(n.blocks[1] instanceof Block.Slice, "a fully covered block is not copied");
      assertTrue(n.blocks[0] instanceof Block.Bytes, "a partial block is");
      byte[] expected = new byte[100 + data.length];
      System.arraycopy(data, 0, expected, 100, data.length);
      assertArrayEquals(expected, img.read(2));
    }

    @Test
    void setSizeAndZero() {
      FsImage img = withFile("abcdefgh");
      img.zero(2, 2, 3);
      assertArrayEquals(utf8("ab\0\0\0fgh"), img.read(2));
      img.zero(2, 6, 100); // clipped to the size
      assertEquals(8, img.size(2));
      img.setSize(2, 1);
      img.setSize(2, 4);
      assertArrayEquals(utf8("a\0\0\0"), img.read(2));
      assertThrows(ImageException.class, () -> img.setSize(2, -1));
      assertThrows(ImageException.class, () -> img.zero(2, -1, 1));
    }

    @Test
    void modeOwnerTimesAndXattrs() {
      FsImage img = withFile("x");
      img.setMode(2, 0104755);
      assertEquals(04755, img.mode(2));
      img.setOwner(2, 5, -1);
      assertEquals(5, img.uid(2));
      assertEquals(0, img.gid(2));
      img.setTimes(2, -1, 99);
      assertEquals(99, img.mtimeNanos(2));
      img.setXattr(2, "user.a", Payload.of(utf8("1")));
      img.removeXattr(2, "user.missing");
      assertEquals(1, img.xattrs(2).size());
      assertThrows(ImageException.class, () -> img.setXattr(2, "", Payload.empty()));
    }
  }

  @Nested
  @DisplayName("copy()")
  class Copy {

    @Test
    void copiesAreIndependentAndShareBlocks() {
      FsImage a = fresh();
      a.createInode(2, FileType.REGULAR, 0644, null, 0);
      a.link(ROOT_INODE, "f", 2);
      byte[] data = new byte[8192];
      Arrays.fill(data, (byte) 3);
      a.write(2, 0, Payload.of(data), 0, data.length, true);
      String hashA = a.contentHash();
      FsImage b = a.copy();
      assertEquals(hashA, b.contentHash());
      assertSame(a.nodes.get(2L).blocks[1], b.nodes.get(2L).blocks[1]);

      b.write(2, 0, Payload.of(utf8("B")), 0, 1, true);
      b.link(ROOT_INODE, "g", 2);
      b.setMode(ROOT_INODE, 0700);
      assertEquals(hashA, a.contentHash(), "the original is unchanged");
      assertEquals(3, a.read(2)[0]);
      assertEquals('B', b.read(2)[0]);
      assertEquals(Map.of("f", 2L), a.list(ROOT_INODE));
      assertSame(a.nodes.get(2L).blocks[1], b.nodes.get(2L).blocks[1], "untouched block shared");

      a.setSize(2, 10);
      assertEquals(8192, b.size(2), "the copy is unchanged by the original");
      FsImage c = b.copy();
      c.unlink(ROOT_INODE, "g");
      assertEquals(2, b.linkCount(2));
      assertNotEquals(b.contentHash(), c.contentHash());
    }

    @Test
    void handlesAreCopied() {
      FsImage a = fresh();
      a.apply(new TraceOp.Create(OpMeta.of(1), ROOT_INODE, "f", 2, 0644, 5, 0));
      FsImage b = a.copy();
      b.apply(new TraceOp.Release(OpMeta.of(2), 2, 5));
      assertTrue(a.isOpen(2));
      assertFalse(b.isOpen(2));
    }
  }

  @Nested
  @DisplayName("contentHash()")
  class Hash {

    @Test
    void holesAndWrittenZerosHashAlike() {
      FsImage a = fresh();
      a.apply(new TraceOp.Create(OpMeta.of(1), ROOT_INODE, "f", 2, 0644, 0, 0));
      a.apply(new TraceOp.Truncate(OpMeta.of(2), 2, 0, 20_000));
      FsImage b = fresh();
      b.apply(new TraceOp.Create(OpMeta.of(1), ROOT_INODE, "f", 7, 0644, 0, 0));
      b.apply(new TraceOp.Write(OpMeta.of(2), 7, 0, 0, Payload.of(new byte[20_000]), 0));
      assertEquals(a.contentHash(), b.contentHash(), "inode ids and holes are invisible");
      b.apply(new TraceOp.Write(OpMeta.of(3), 7, 0, 19_999, Payload.of(new byte[] {1}), 0));
      assertNotEquals(a.contentHash(), b.contentHash());
    }

    @Test
    void hardLinksHashLikeTwoCopiesOfTheContent() {
      Ops o = new Ops();
      o.create(ROOT_INODE, "a", 2, 0644, 0);
      o.write(2, 0, 0, "same");
      o.link(2, ROOT_INODE, "b");
      Ops p = new Ops();
      p.create(ROOT_INODE, "a", 2, 0644, 0);
      p.write(2, 0, 0, "same");
      p.create(ROOT_INODE, "b", 3, 0644, 0);
      p.write(3, 0, 0, "same");
      assertEquals(applied(o).contentHash(), applied(p).contentHash());
    }

    @Test
    void namesTypesSizesAndTargetsMatter() {
      Ops base = new Ops();
      base.create(ROOT_INODE, "a", 2, 0644, 0);
      String h = applied(base).contentHash();
      Ops renamed = new Ops();
      renamed.create(ROOT_INODE, "b", 2, 0644, 0);
      Ops dir = new Ops();
      dir.mkdir(ROOT_INODE, "a", 2, 0644);
      Ops longer = new Ops();
      longer.create(ROOT_INODE, "a", 2, 0644, 0);
      longer.truncate(2, 1);
      Ops link1 = new Ops();
      link1.symlink(ROOT_INODE, "a", 2, "x");
      Ops link2 = new Ops();
      link2.symlink(ROOT_INODE, "a", 2, "y");
      List<String> hashes =
          List.of(
              h,
              applied(renamed).contentHash(),
              applied(dir).contentHash(),
              applied(longer).contentHash(),
              applied(link1).contentHash(),
              applied(link2).contentHash());
      assertEquals(hashes.size(), hashes.stream().distinct().count(), hashes.toString());
      assertEquals(64, h.length());
      FsImage chmodded = applied(link1);
      chmodded.setMode(2, 0600);
      assertEquals(applied(link1).contentHash(), chmodded.contentHash(), "a symlink shows 0777");
    }
  }
}
