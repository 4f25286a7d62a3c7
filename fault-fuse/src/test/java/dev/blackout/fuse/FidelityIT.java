package dev.blackout.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.explore.Workspace;
import dev.blackout.core.image.FsImage;
import dev.blackout.core.image.ImageException;
import dev.blackout.core.image.Materializer;
import dev.blackout.core.model.ModelOptions;
import dev.blackout.core.model.PersistenceModel;
import dev.blackout.core.model.StateIds;
import dev.blackout.core.model.StateImages;
import dev.blackout.core.model.UnitGraph;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.RawNames;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import dev.blackout.core.trace.TraceReader;
import dev.blackout.fuse.internal.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per way a rebuilt state differed from what the kernel did (issue 11): each records a
 * small workload and compares the rebuilt end state (last state of the prefix model) with the
 * backing directory ({@link RawTree}).
 */
class FidelityIT {
  @TempDir Path tmp;
  Path backing;
  Path mnt;
  Path tracePath;
  boolean asRoot;

  @BeforeEach
  void dirs() throws IOException {
    RequireFuse.check();
    backing = Files.createDirectory(tmp.resolve("backing"));
    mnt = Files.createDirectory(tmp.resolve("mnt"));
    tracePath = tmp.resolve("t.trace");
    asRoot = "root".equals(System.getProperty("user.name"));
  }

  @FunctionalInterface
  interface Work {
    void run(int root) throws Exception;
  }

  /** Records {@code work} (given a descriptor of the mount), returns the trace. */
  private Trace record(Work work) throws Exception {
    try (FuseRecorder rec = FuseRecorder.start(backing, mnt, tracePath)) {
      int root = RawFs.openDir(LibC.AT_FDCWD, mnt.toString());
      try {
        work.run(root);
      } finally {
        RawFs.close(root);
      }
    }
    Trace t = TraceReader.read(tracePath);
    assertTrue(t.ended(), "a clean stop writes the end-of-trace record");
    return t;
  }

  private static FsImage last(Trace t) {
    UnitGraph g = PersistenceModel.of("prefix", ModelOptions.defaults()).build(t);
    return new StateImages(g).image(StateIds.parse(g, "k" + g.opCount()));
  }

  /** The rebuilt end state equals the backing directory. */
  private void assertRebuilt(Trace t) throws Exception {
    Path out = tmp.resolve("rebuilt");
    Materializer.materialize(last(t), out);
    try {
      assertEquals(List.of(), RecordedEndStateIT.differences(
          RawTree.of(backing, asRoot).lines(), RawTree.of(out, asRoot).lines()), t.ops().toString());
    } finally {
      Workspace.delete(out);
    }
  }

  @Test
  void aRenameBetweenTwoLinksOfOneFileKeepsBoth() throws Exception {
    Trace t = record(root -> {
      int fd = RawFs.open(root, "f", LibC.O_WRONLY | LibC.O_CREAT, 0644);
      RawFs.pwrite(fd, "x".getBytes(), 0);
      RawFs.close(fd);
      assertEquals(0, RawFs.link(root, "f", root, "g"));
      assertEquals(0, RawFs.rename(root, "f", root, "g", 0));
      assertEquals(0, RawFs.rename(root, "g", root, "f", RawFs.RENAME_EXCHANGE));
      assertEquals(0, RawFs.mkdir(root, "d", 0755));
      assertEquals(0, RawFs.rename(root, "f", root, "d", RawFs.RENAME_EXCHANGE)); // two entries swap
      assertEquals(-17, RawFs.rename(root, "g", root, "f", RawFs.RENAME_NOREPLACE));
      assertEquals(0, RawFs.rename(root, "g", root, "n", RawFs.RENAME_NOREPLACE));
    });
    assertTrue(Files.isDirectory(backing.resolve("f")));
    assertRebuilt(t);
  }

  /**
   * libfuse gives each name of a hard-linked file its own kernel inode, and the kernel computes an
   * O_APPEND write's offset from the size it last saw through that name: after the file grew
   * through the other name, the append landed inside the file (found by DifferentialIT seed 6).
   * An append goes to the end of the file, as on a plain directory.
   */
  @Test
  void anAppendThroughOneLinkAfterTheFileGrewThroughAnotherGoesToTheEnd() throws Exception {
    Files.writeString(backing.resolve("a"), "x".repeat(1000));
    Files.createLink(backing.resolve("b"), backing.resolve("a"));
    Trace t;
    try (FuseRecorder rec = FuseRecorder.start(backing, mnt, tracePath)) {
      Files.write(mnt.resolve("b"), new byte[12988]);
      Files.write(mnt.resolve("a"), new byte[19219]);
      Files.write(mnt.resolve("b"), new byte[3022], java.nio.file.StandardOpenOption.APPEND);
      assertEquals(22241, Files.size(mnt.resolve("a")));
    }
    assertEquals(22241, Files.size(backing.resolve("a")));
    t = TraceReader.read(tracePath);
    TraceOp.Write last = (TraceOp.Write) t.ops().stream()
        .filter(op -> op instanceof TraceOp.Write).reduce((x, y) -> y).orElseThrow();
    assertEquals(19219, last.offset(), "the append is recorded where it went: " + last);
    assertRebuilt(t);
  }

  @Test
  void renameWhiteoutIsRefusedAndNothingIsInvented() throws Exception {
    Trace t = record(root -> {
      RawFs.close(RawFs.open(root, "a", LibC.O_WRONLY | LibC.O_CREAT, 0644));
      assertEquals(-22, RawFs.rename(root, "a", root, "b", RawFs.RENAME_WHITEOUT));
    });
    TraceOp.Rename r = (TraceOp.Rename) t.ops().stream()
        .filter(op -> op instanceof TraceOp.Rename).findFirst().orElseThrow();
    assertEquals(22, r.meta().errno());
    assertRebuilt(t);
  }

  @Test
  void aHardLinkedSymlinkStaysOneInode() throws Exception {
    Trace t = record(root -> {
      assertEquals(0, RawFs.symlink("target", root, "s"));
      assertEquals(0, RawFs.link(root, "s", root, "s2")); // linkat(2) without AT_SYMLINK_FOLLOW
    });
    assertRebuilt(t); // RawTree compares link counts and groups
  }

  @Test
  void aTreeDeeperThanFourKibRecordsAndRebuilds() throws Exception {
    Trace t = record(root -> {
      int dir = RawFs.openDir(root, ".");
      for (int i = 0; i < 25; i++) {
        assertEquals(0, RawFs.mkdir(dir, "d".repeat(200), 0755), "level " + i);
        int next = RawFs.openDir(dir, "d".repeat(200));
        RawFs.close(dir);
        dir = next;
      }
      int fd = RawFs.open(dir, "bottom", LibC.O_WRONLY | LibC.O_CREAT, 0600);
      assertTrue(fd >= 0, "create at depth: " + fd);
      assertEquals(4, RawFs.pwrite(fd, "deep".getBytes(), 0));
      RawFs.close(fd);
      assertEquals(0, RawFs.setxattr(dir, "bottom", "user.k", new byte[] {1}));
      assertEquals(0, RawFs.link(dir, "bottom", root, "top"));
      RawFs.close(dir);
    });
    assertRebuilt(t);
    Workspace.delete(backing);
  }

  @Test
  void aDirectoryMadeInASetgidDirectoryIsWhatTheKernelMade() throws Exception {
    Trace t = record(root -> {
      assertEquals(0, RawFs.mkdir(root, "sg", 0755));
      assertEquals(0, RawFs.chmod(root, "sg", 02775));
      if (asRoot) {
        assertEquals(0, RawFs.chown(root, "sg", -1, 4321));
      }
      assertEquals(0, RawFs.mkdir(root, "sg/sub", 0755)); // the kernel makes 02755, group 4321
      RawFs.close(RawFs.open(root, "sg/f", LibC.O_WRONLY | LibC.O_CREAT, 0640));
    });
    assertEquals(02755, (int) Files.getAttribute(backing.resolve("sg/sub"), "unix:mode") & 07777);
    TraceOp.Mkdir sub = (TraceOp.Mkdir) t.ops().stream()
        .filter(op -> op instanceof TraceOp.Mkdir m && m.name().equals("sub")).findFirst().orElseThrow();
    assertEquals(02755, sub.mode());
    assertRebuilt(t); // modes, groups (as root) and mtimes
  }

  @Test
  void namesThatAreNotUtf8NeverMerge() throws Exception {
    String ff = RawNames.decode(new byte[] {'x', (byte) 0xff});
    String fe = RawNames.decode(new byte[] {'x', (byte) 0xfe});
    Trace t = record(root -> {
      RawFs.close(RawFs.open(root, ff, LibC.O_WRONLY | LibC.O_CREAT, 0644));
      RawFs.close(RawFs.open(root, fe, LibC.O_WRONLY | LibC.O_CREAT, 0644));
      assertEquals(0, RawFs.unlink(root, fe));
    });
    FsImage img = last(t);
    assertEquals(List.of(ff), List.copyOf(img.list(InitialImage.ROOT_INODE).keySet()));
    assertEquals(List.of("x\\xff"), List.copyOf(RawTree.of(backing, false).lines().keySet()));
    ImageException e = assertThrows(ImageException.class,
        () -> Materializer.materialize(img, tmp.resolve("out")));
    assertTrue(e.getMessage().contains("'x\\xff' is not valid UTF-8"), e.getMessage());
  }

  @Test
  void aWritePastTheImageLimitIsRefusedAtRecordTime() throws Exception {
    Trace t = record(root -> {
      int fd = RawFs.open(root, "sparse", LibC.O_WRONLY | LibC.O_CREAT, 0644);
      assertEquals(-27, RawFs.pwrite(fd, "x".getBytes(), 1L << 40), "EFBIG at 1 TiB");
      assertEquals(1, RawFs.pwrite(fd, "y".getBytes(), 5L << 30), "a write past 4 GiB is fine");
      assertEquals(-27, RawFs.ftruncate(fd, 1L << 40));
      RawFs.close(fd);
    });
    assertFalse(t.ops().stream().anyMatch(op -> op instanceof TraceOp.Write w
        && !w.failed() && w.offset() >= FsImage.MAX_FILE_SIZE));
    assertRebuilt(t);
  }

  @Test
  void timesAreTheKernelsAfterEachOp() throws Exception {
    Files.writeString(backing.resolve("old"), "initial");
    Trace t = record(root -> {
      int fd = RawFs.open(root, "f", LibC.O_WRONLY | LibC.O_CREAT, 0644);
      RawFs.pwrite(fd, "one".getBytes(), 0);
      Thread.sleep(20); // distinct times, not a timing assertion
      RawFs.pwrite(fd, "two".getBytes(), 100);
      RawFs.close(fd);
      assertEquals(0, RawFs.mkdir(root, "d", 0755));
      RawFs.close(RawFs.open(root, "d/x", LibC.O_WRONLY | LibC.O_CREAT, 0644));
      assertEquals(0, RawFs.rename(root, "d/x", root, "y", 0));
      assertEquals(0, RawFs.utimens(root, "old", RawFs.UTIME_OMIT, 1_234_567_890_123_456_789L));
    });
    assertRebuilt(t); // RawTree compares the mtime of every file, directory and symlink
  }

  /**
   * Through libfuse, a rename between two links of one file whose destination is open does not do
   * nothing, as rename(2) would: libfuse first hides the open destination (an unlink) and then
   * moves the source onto it. The trace records what happened, so the rebuilt state is still the
   * backing directory's.
   */
  @Test
  void aRenameOntoAnOpenLinkOfTheSameFileIsRecordedAsWhatLibfuseDid() throws Exception {
    Trace t = record(root -> {
      int fd = RawFs.open(root, "f", LibC.O_WRONLY | LibC.O_CREAT, 0644);
      assertEquals(0, RawFs.link(root, "f", root, "g"));
      int open = RawFs.open(root, "g", LibC.O_RDONLY, 0);
      assertEquals(0, RawFs.rename(root, "f", root, "g", 0));
      RawFs.close(open);
      RawFs.close(fd);
    });
    assertRebuilt(t);
  }

  /** The initial image is captured through descriptors: names as bytes, trees of any depth. */
  @Test
  void anInitialTreeIsCapturedByteExactAndAtAnyDepth() throws Exception {
    String ff = RawNames.decode(new byte[] {'x', (byte) 0xff});
    int root = RawFs.openDir(LibC.AT_FDCWD, backing.toString());
    int dir = RawFs.openDir(root, ".");
    for (int i = 0; i < 25; i++) {
      assertEquals(0, RawFs.mkdir(dir, "e".repeat(200), 0750));
      int next = RawFs.openDir(dir, "e".repeat(200));
      RawFs.close(dir);
      dir = next;
    }
    int fd = RawFs.open(dir, "bottom", LibC.O_WRONLY | LibC.O_CREAT, 0640);
    RawFs.pwrite(fd, "deep and initial".getBytes(), 0);
    RawFs.close(fd);
    RawFs.close(dir);
    RawFs.close(RawFs.open(root, ff, LibC.O_WRONLY | LibC.O_CREAT, 0644));
    Trace t = record(mount -> assertEquals(0, RawFs.unlink(mount, ff)));
    assertTrue(t.image().entries().stream().anyMatch(e -> e.path().equals(ff)),
        "the initial image holds the exact name");
    assertRebuilt(t);
    RawFs.close(root);
    Workspace.delete(backing);
  }
}
