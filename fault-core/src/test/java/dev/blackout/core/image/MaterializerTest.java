package dev.blackout.core.image;

import dev.blackout.core.testing.TreeSnapshot;
import static dev.blackout.core.trace.InitialImage.ROOT_INODE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.InitialImage.Entry;
import dev.blackout.core.trace.OpMeta;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.TraceOp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaterializerTest {

  @TempDir Path base;

  static String perms(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  /** A hand-built trace touching every op kind, and the tree it must leave. */
  @Test
  void everyOpKindMaterializesAsTheWorkloadLeftIt() throws IOException {
    Ops o = new Ops();
    o.mkdir(ROOT_INODE, "dir", 2, 0750);
    o.create(2, "db", 3, 0644, 1);
    o.write(3, 1, 0, "old contents");
    o.release(3, 1);
    o.create(2, "db.tmp", 4, 0600, 2);
    o.write(4, 2, 0, "new");
    o.add(new TraceOp.Fsync(o.next(), 4, 2));
    o.add(new TraceOp.Flush(o.next(), 4, 2));
    o.release(4, 2);
    o.rename(2, "db.tmp", 2, "db", 4, 3, 0); // over an existing file
    o.add(new TraceOp.Fsyncdir(o.next(), 2, 0));
    o.link(4, ROOT_INODE, "db-link"); // hard link
    o.create(ROOT_INODE, "scratch", 5, 0644, 3);
    o.write(5, 3, 0, "gone");
    o.unlink(ROOT_INODE, "scratch", 5); // unlink of an open file
    o.write(5, 3, 4, "still gone");
    o.release(5, 3);
    o.create(ROOT_INODE, "sparse", 6, 0644, 4);
    o.write(6, 4, 20_000, "end"); // sparse write
    o.add(new TraceOp.Fdatasync(o.next(), 6, 4));
    o.release(6, 4);
    o.create(ROOT_INODE, "trunc", 7, 0644, 5);
    o.write(7, 5, 0, "0123456789");
    o.truncate(7, 4); // down
    o.truncate(7, 6); // up
    o.release(7, 5);
    o.symlink(ROOT_INODE, "link", 8, "dir/db");
    o.symlink(2, "escape", 9, "../../etc/passwd");
    o.chmod(3, 0600); // the replaced inode is gone: chmod of it would be refused, so use a live one
    o.ops.remove(o.ops.size() - 1);
    o.chmod(4, 0640);
    o.add(new TraceOp.Mknod(o.next(), ROOT_INODE, "fifo", 10, 0010640, 0));
    o.mkdir(ROOT_INODE, "ro", 11, 0755);
    o.create(11, "inside", 12, 0644, 6);
    o.write(12, 6, 0, "kept");
    o.release(12, 6);
    o.add(new TraceOp.Chmod(o.next(), 11, 0500)); // read-only dir with content
    o.mkdir(ROOT_INODE, "x", 13, 0755);
    o.rmdir(ROOT_INODE, "x", 13);
    o.add(new TraceOp.Fallocate(o.next(), 7, 0, 0, 0, 8));
    o.add(new TraceOp.SetTimes(o.next(), 12, 1_000_000_000L, 2_000_000_000L));
    o.add(new TraceOp.Marker(o.next(), "done"));

    FsImage img = FsImage.of(InitialImage.emptyRoot());
    img.applyAll(o.ops);
    Path out = base.resolve("out");
    Materializer.Result r = Materializer.materializeReporting(img, out);
    assertEquals(out, r.target());

    TreeMap<String, String> snap = TreeSnapshot.of(out);
    assertEquals(
        List.of(
            "db-link", "dir", "dir/db", "dir/escape", "fifo", "link", "ro", "ro/inside", "sparse",
            "trunc"),
        List.copyOf(snap.keySet()),
        snap.toString());
    assertEquals("new", Files.readString(out.resolve("dir/db")));
    assertEquals("rw-r-----", perms(out.resolve("dir/db")));
    assertTrue(snap.get("dir/db").endsWith("hardlink-of db-link"), snap.toString());
    assertEquals("rwxr-x---", perms(out.resolve("dir")));
    byte[] sparse = Files.readAllBytes(out.resolve("sparse"));
    assertEquals(20_003, sparse.length);
    assertEquals(0, sparse[19_999]);
    assertEquals("end", new String(sparse, 20_000, 3, StandardCharsets.UTF_8));
    assertArrayEquals(new byte[] {'0', '1', '2', '3', 0, 0, 0, 0}, Files.readAllBytes(out.resolve("trunc")));
    assertTrue(Files.isSymbolicLink(out.resolve("link")));
    assertEquals(Paths.get("dir/db"), Files.readSymbolicLink(out.resolve("link")));
    assertEquals(Paths.get("../../etc/passwd"), Files.readSymbolicLink(out.resolve("dir/escape")));
    assertTrue(snap.get("fifo").startsWith("OTHER rw-r-----"), snap.get("fifo"));
    assertEquals("r-x------", perms(out.resolve("ro")));
    assertEquals("kept", Files.readString(out.resolve("ro/inside")));
    assertEquals(
        2_000_000_000L,
        Files.getLastModifiedTime(out.resolve("ro/inside")).toMillis() * 1_000_000L);
    assertEquals("rwx------", perms(out), "the target is private");
    assertTrue(r.skipped().isEmpty(), r.skipped().toString());
  }

  @Test
  void anExistingTargetOrAMissingParentFailsClearly() throws IOException {
    FsImage img = FsImage.of(InitialImage.emptyRoot());
    Path existing = Files.createDirectory(base.resolve("there"));
    Files.writeString(existing.resolve("keep"), "mine");
    FileAlreadyExistsException e =
        assertThrows(FileAlreadyExistsException.class, () -> Materializer.materialize(img, existing));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    assertEquals(Map.of("keep", "FILE rw-r--r-- 4 " + TreeSnapshot.of(existing).get("keep").split(" ")[3]),
        TreeSnapshot.of(existing));
    Path dangling = Files.createSymbolicLink(base.resolve("dangling"), base.resolve("nowhere"));
    assertThrows(FileAlreadyExistsException.class, () -> Materializer.materialize(img, dangling));
    assertFalse(Files.exists(base.resolve("nowhere"), LinkOption.NOFOLLOW_LINKS));
    NoSuchFileException m =
        assertThrows(
            NoSuchFileException.class,
            () -> Materializer.materialize(img, base.resolve("no/such/parent/out")));
    assertTrue(m.getMessage().contains("parent"), m.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "", "a/b", "a\0b", "../../escaped"})
  void aCraftedImageWithAHostileNameCreatesNothing(String name) throws IOException {
    FsImage img = FsImage.of(InitialImage.emptyRoot());
    img.createInode(2, FileType.REGULAR, 0644, null, 0);
    img.write(2, 0, Payload.of("pwned".getBytes(StandardCharsets.UTF_8)), 0, 5, true);
    img.mutable(ROOT_INODE).entries.put(name, 2L); // bypasses FsImage's own check
    Path out = base.resolve("out");
    ImageException e = assertThrows(ImageException.class, () -> Materializer.materialize(img, out));
    assertTrue(e.getMessage().startsWith("cannot materialize: "), e.getMessage());
    assertFalse(Files.exists(out, LinkOption.NOFOLLOW_LINKS));
    assertEquals(List.of(), TreeSnapshot.of(base).keySet().stream().toList());
  }

  @Test
  void aCraftedSymlinkTargetWithNulIsRefused() {
    FsImage img = FsImage.of(InitialImage.emptyRoot());
    img.nodes.put(2L, new Node(img.token, FileType.SYMLINK, 0777, "/etc\0x", 0));
    img.mutable(ROOT_INODE).entries.put("l", 2L);
    Path out = base.resolve("out");
    ImageException e = assertThrows(ImageException.class, () -> Materializer.materialize(img, out));
    assertTrue(e.getMessage().contains("NUL"), e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void aCraftedDirectoryCycleIsRefused() throws IOException {
    FsImage img = FsImage.of(InitialImage.emptyRoot());
    img.createInode(2, FileType.DIRECTORY, 0755, null, 0);
    img.link(ROOT_INODE, "a", 2);
    img.mutable(2).entries.put("loop", 2L);
    Path out = base.resolve("out");
    assertThrows(ImageException.class, () -> Materializer.materialize(img, out));
    assertThrows(ImageException.class, img::contentHash);
    assertFalse(Files.exists(out));
  }

  @Test
  void anAbsoluteSymlinkIsNeverUsedAsAPath() throws IOException {
    Path somewhere = Paths.get("/tmp/somewhere");
    Path sibling = Files.createDirectory(base.resolve("sibling"));
    Files.writeString(sibling.resolve("file"), "untouched");
    Map<String, String> siblingBefore = TreeSnapshot.of(sibling);
    Map<String, String> somewhereBefore = TreeSnapshot.of(somewhere);
    boolean somewhereExisted = Files.exists(somewhere, LinkOption.NOFOLLOW_LINKS);

    Entry root = new Entry("", ROOT_INODE, FileType.DIRECTORY, 0755, 0, 0, 0L, Payload.empty(), null);
    Entry evil =
        new Entry("evil", 2, FileType.SYMLINK, 0777, 0, 0, 0L, Payload.empty(), somewhere.toString());
    Entry through =
        new Entry("evil/x", 3, FileType.REGULAR, 0644, 0, 0, 0L, Payload.of(new byte[] {1}), null);
    assertThrows(ImageException.class, () -> FsImage.of(new InitialImage(List.of(root, evil, through))));

    FsImage img = FsImage.of(new InitialImage(List.of(root, evil)));
    ImageException e =
        assertThrows(
            ImageException.class,
            () -> img.apply(new TraceOp.Create(OpMeta.of(1), 2, "x", 3, 0644, 1, 0)));
    assertTrue(e.getMessage().startsWith("op #1 Create:"), e.getMessage());
    assertThrows(
        ImageException.class, () -> img.apply(new TraceOp.Mkdir(OpMeta.of(2), 2, "d", 4, 0755)));
    assertThrows(
        ImageException.class, () -> img.apply(new TraceOp.Symlink(OpMeta.of(3), 2, "s", 5, "/")));

    Path out = base.resolve("out");
    Materializer.materialize(img, out);
    assertTrue(Files.isSymbolicLink(out.resolve("evil")));
    assertEquals(somewhere, Files.readSymbolicLink(out.resolve("evil")));
    assertEquals(siblingBefore, TreeSnapshot.of(sibling));
    assertEquals(somewhereBefore, TreeSnapshot.of(somewhere));
    assertEquals(somewhereExisted, Files.exists(somewhere, LinkOption.NOFOLLOW_LINKS));
    assertEquals(List.of("out", "out/evil", "sibling", "sibling/file"), List.copyOf(TreeSnapshot.of(base).keySet()));
  }

  @Test
  void aRelativeEscapingSymlinkIsCreatedAndNotFollowed() throws IOException {
    Path passwd = Paths.get("/etc/passwd");
    byte[] before = Files.exists(passwd) ? Files.readAllBytes(passwd) : null;
    FsImage img = FsImage.of(InitialImage.emptyRoot());
    img.apply(new TraceOp.Mkdir(OpMeta.of(1), ROOT_INODE, "a", 2, 0755));
    img.apply(new TraceOp.Symlink(OpMeta.of(2), 2, "p", 3, "../../etc/passwd"));
    img.apply(new TraceOp.Chmod(OpMeta.of(3), 3, 0600));
    Path out = base.resolve("out");
    Materializer.materialize(img, out);
    assertTrue(Files.isSymbolicLink(out.resolve("a/p")));
    assertEquals(Paths.get("../../etc/passwd"), Files.readSymbolicLink(out.resolve("a/p")));
    if (before != null) {
      assertArrayEquals(before, Files.readAllBytes(passwd));
    }
  }

  @Test
  void devicesAndSocketsAreSkippedAndReported() throws IOException {
    FsImage img = FsImage.of(InitialImage.emptyRoot());
    img.apply(new TraceOp.Mknod(OpMeta.of(1), ROOT_INODE, "null", 2, 0020666, 0x103));
    img.apply(new TraceOp.Mknod(OpMeta.of(2), ROOT_INODE, "sock", 3, 0140755, 0));
    Path out = base.resolve("out");
    Materializer.Result r = Materializer.materializeReporting(img, out);
    assertEquals(2, r.skipped().size(), r.skipped().toString());
    assertTrue(r.skipped().get(0).startsWith("null: CHAR_DEVICE"), r.skipped().toString());
    assertEquals(Map.of("character device", 1, "socket", 1), r.skippedKinds());
    assertEquals("1 character device, 1 socket", r.skippedSummary());
    assertTrue(TreeSnapshot.of(out).isEmpty());
  }

  /** A tree whose paths pass the kernel's 4 KiB limit (30 levels of 200-byte names). */
  @Test
  void aTreeDeeperThanPathMaxIsWrittenWhole() throws Exception {
    FsImage img = FsImage.of(InitialImage.emptyRoot());
    long seq = 1;
    long dir = ROOT_INODE;
    String name = "d".repeat(200);
    for (int i = 0; i < 30; i++) {
      long inode = 10 + i;
      img.apply(new TraceOp.Mkdir(OpMeta.of(seq++), dir, name, inode, i % 2 == 0 ? 0755 : 0555));
      dir = inode;
    }
    img.apply(new TraceOp.Create(OpMeta.of(seq++), dir, "bottom", 2, 0444, 1, 0));
    img.apply(new TraceOp.Write(OpMeta.of(seq++), 2, 1, 0, Payload.of("deep".getBytes()), 0));
    img.apply(new TraceOp.Link(OpMeta.of(seq++), 2, ROOT_INODE, "top"));
    img.apply(new TraceOp.Symlink(OpMeta.of(seq++), dir, "up", 3, "../".repeat(30) + "top"));
    Path out = base.resolve("out");
    Materializer.materialize(img, out);
    assertEquals("deep", Files.readString(out.resolve("top")));
    assertEquals(2, Files.getAttribute(out.resolve("top"), "unix:nlink"));
    // Java cannot reach the bottom by path; find(1) walks relative to directory descriptors
    Process p = new ProcessBuilder("find", out.toString(), "-name", "bottom", "-links", "2",
        "-perm", "0444").redirectErrorStream(true).start();
    String found = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), found);
    assertEquals(1, found.lines().count(), found);
    assertTrue(found.length() > 6000, "the path is deep: " + found.length() + " bytes");
    try (var top = Files.list(out)) {
      assertEquals(List.of(name, "top"), top.map(q -> q.getFileName().toString()).sorted().toList(),
          "no staging directory is left");
    }
    dev.blackout.core.explore.Workspace.delete(out); // @TempDir cannot delete it by path
    assertFalse(Files.exists(out));
  }

  @Test
  void aHardLinkedSymlinkIsOneInode() throws IOException {
    FsImage img = FsImage.of(InitialImage.emptyRoot());
    img.apply(new TraceOp.Symlink(OpMeta.of(1), ROOT_INODE, "s", 2, "target"));
    img.apply(new TraceOp.Mkdir(OpMeta.of(2), ROOT_INODE, "d", 3, 0755));
    img.apply(new TraceOp.Link(OpMeta.of(3), 2, 3, "s2"));
    Path out = base.resolve("out");
    Materializer.materialize(img, out);
    assertEquals(Path.of("target"), Files.readSymbolicLink(out.resolve("d/s2")));
    assertEquals(2, Files.getAttribute(out.resolve("s"), "unix:nlink", LinkOption.NOFOLLOW_LINKS));
    assertEquals(
        Files.getAttribute(out.resolve("s"), "unix:ino", LinkOption.NOFOLLOW_LINKS),
        Files.getAttribute(out.resolve("d/s2"), "unix:ino", LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void namesThatAreNotUtf8StayApartAndAreRefusedBeforeAnythingIsWritten() throws IOException {
    String ff = dev.blackout.core.trace.RawNames.decode(new byte[] {'x', (byte) 0xff});
    String fe = dev.blackout.core.trace.RawNames.decode(new byte[] {'x', (byte) 0xfe});
    FsImage both = FsImage.of(InitialImage.emptyRoot());
    both.apply(new TraceOp.Create(OpMeta.of(1), ROOT_INODE, ff, 2, 0644, 1, 0));
    both.apply(new TraceOp.Create(OpMeta.of(2), ROOT_INODE, fe, 3, 0644, 2, 0));
    FsImage one = both.copy();
    one.apply(new TraceOp.Unlink(OpMeta.of(3), ROOT_INODE, fe, 3));
    assertEquals(2, both.list(ROOT_INODE).size());
    assertEquals(List.of(ff), List.copyOf(one.list(ROOT_INODE).keySet()));
    assertFalse(both.contentHash().equals(one.contentHash()));
    Path out = base.resolve("out");
    ImageException e = assertThrows(ImageException.class, () -> Materializer.materialize(one, out));
    assertEquals("cannot materialize: name 'x\\xff' is not valid UTF-8, and Java's file API cannot"
        + " create it (docs/materializing.md)", e.getMessage());
    assertFalse(Files.exists(out, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void aLargeLazyFileAndItsHardLinkAreWrittenOnce() throws IOException {
    byte[] data = new byte[1 << 20];
    new java.util.Random(7).nextBytes(data);
    FsImage img = FsImage.of(InitialImage.emptyRoot());
    img.apply(new TraceOp.Create(OpMeta.of(1), ROOT_INODE, "big", 2, 0644, 1, 0));
    img.apply(new TraceOp.Write(OpMeta.of(2), 2, 1, 4096, Payload.of(data), 0));
    img.apply(new TraceOp.Link(OpMeta.of(3), 2, ROOT_INODE, "big2"));
    Path out = base.resolve("out");
    Materializer.materialize(img, out);
    byte[] back = Files.readAllBytes(out.resolve("big"));
    assertEquals(4096 + data.length, back.length);
    assertArrayEquals(data, java.util.Arrays.copyOfRange(back, 4096, back.length));
    assertEquals(
        Files.getAttribute(out.resolve("big"), "unix:ino"),
        Files.getAttribute(out.resolve("big2"), "unix:ino"));
  }
}
