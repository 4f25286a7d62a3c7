package dev.blackout.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import dev.blackout.core.trace.TraceReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rename over a file that is still open (or whose release the kernel has not sent yet, which is
 * what an atomic-replace store meets when it replaces the file it wrote a moment ago) stays one
 * atomic Rename in the trace. libfuse first hides the open destination (a rename to
 * .fuse_hiddenXXX), then renames; recording the hiding as an Unlink of its own made every such
 * replace look like "unlink, then rename", a crash state between them with no file at all.
 */
class ReplaceOpenFileIT {
  @TempDir Path tmp;
  Path backing;
  Path mnt;
  Path tracePath;

  @BeforeEach
  void dirs() throws IOException {
    RequireFuse.check();
    backing = Files.createDirectory(tmp.resolve("backing"));
    mnt = Files.createDirectory(tmp.resolve("mnt"));
    tracePath = tmp.resolve("t.trace");
  }

  @Test
  void renamingOverAnOpenFileIsOneRenameReplacingIt() throws IOException {
    Files.writeString(backing.resolve("value"), "old");
    try (FuseRecorder rec = FuseRecorder.start(backing, mnt, tracePath);
        FileChannel open = FileChannel.open(mnt.resolve("value"), StandardOpenOption.READ)) {
      Files.writeString(mnt.resolve("value.tmp"), "new");
      Files.move(mnt.resolve("value.tmp"), mnt.resolve("value"), StandardCopyOption.ATOMIC_MOVE);
      rec.mark("replaced");
      assertEquals(3, open.size(), "the open file keeps its old content");
    }
    assertEquals("new", Files.readString(backing.resolve("value")));
    Trace trace = TraceReader.read(tracePath);
    List<TraceOp> ops = trace.ops();
    assertTrue(ops.stream().noneMatch(op -> op instanceof TraceOp.Unlink), ops.toString());
    TraceOp.Rename rename = ops.stream().filter(TraceOp.Rename.class::isInstance)
        .map(TraceOp.Rename.class::cast).findFirst().orElseThrow();
    assertEquals("value", rename.dstName());
    assertTrue(rename.replaced() != 0, "the rename replaces the old file: " + rename);
    assertTrue(ops.indexOf(rename) < indexOf(ops, TraceOp.Marker.class), ops.toString());
  }

  @Test
  void unlinkingAnOpenFileIsStillAnUnlinkRecordedBeforeLaterOps() throws IOException {
    Files.writeString(backing.resolve("gone"), "x");
    try (FuseRecorder rec = FuseRecorder.start(backing, mnt, tracePath);
        FileChannel open = FileChannel.open(mnt.resolve("gone"), StandardOpenOption.READ)) {
      Files.delete(mnt.resolve("gone"));
      rec.mark("deleted");
      Files.writeString(mnt.resolve("after"), "y");
    }
    List<TraceOp> ops = TraceReader.read(tracePath).ops();
    int unlink = indexOf(ops, TraceOp.Unlink.class);
    int marker = indexOf(ops, TraceOp.Marker.class);
    int create = indexOf(ops, TraceOp.Create.class);
    assertTrue(unlink >= 0 && unlink < marker && marker < create, ops.toString());
    assertEquals("gone", ((TraceOp.Unlink) ops.get(unlink)).name());
  }

  @Test
  void aDirectorySyncAfterUnlinkingAnOpenFileCoversTheUnlink() throws IOException {
    Files.writeString(backing.resolve("journal"), "x");
    try (FuseRecorder rec = FuseRecorder.start(backing, mnt, tracePath);
        FileChannel open = FileChannel.open(mnt.resolve("journal"), StandardOpenOption.READ)) {
      Files.delete(mnt.resolve("journal"));
      try (FileChannel dir = FileChannel.open(mnt, StandardOpenOption.READ)) {
        dir.force(true);
      }
    }
    List<TraceOp> ops = TraceReader.read(tracePath).ops();
    TraceOp unlink = ops.get(indexOf(ops, TraceOp.Unlink.class));
    TraceOp sync = ops.get(indexOf(ops, TraceOp.Fsyncdir.class));
    assertTrue(
        sync.meta().startSeq() >= unlink.seq(),
        "the unlink completed before the directory sync began, so the barrier covers it: " + ops);
  }

  /**
   * libfuse hides an open destination before a rename onto it; the workload must still see what
   * rename(2) does on a plain directory. Onto another link of the same file: nothing happens, both
   * names stay.
   */
  @Test
  void aRenameOntoAnOpenLinkOfTheSameFileKeepsBothNames() throws IOException {
    Files.writeString(backing.resolve("f"), "x");
    Files.createLink(backing.resolve("g"), backing.resolve("f"));
    try (FuseRecorder rec = FuseRecorder.start(backing, mnt, tracePath);
        FileChannel open = FileChannel.open(mnt.resolve("g"), StandardOpenOption.READ)) {
      Files.move(mnt.resolve("f"), mnt.resolve("g"), StandardCopyOption.ATOMIC_MOVE);
      assertTrue(Files.exists(mnt.resolve("f")), "rename(2) between two links does nothing");
      assertEquals("x", Files.readString(mnt.resolve("g")));
      assertEquals(1, open.size());
    }
    assertTrue(Files.exists(backing.resolve("f")) && Files.exists(backing.resolve("g")));
    List<TraceOp> ops = TraceReader.read(tracePath).ops();
    assertTrue(ops.stream().noneMatch(op -> op instanceof TraceOp.Unlink), ops.toString());
    TraceOp.Rename rename = ops.stream().filter(TraceOp.Rename.class::isInstance)
        .map(TraceOp.Rename.class::cast).findFirst().orElseThrow();
    assertEquals(rename.inode(), rename.replaced(), "a rename that does nothing: " + rename);
  }

  /** The same with RENAME_NOREPLACE: EEXIST, as on a plain directory, and the name stays. */
  @Test
  void aNoReplaceRenameOntoAnOpenNameFailsAndTheNameStays() throws IOException {
    Files.writeString(backing.resolve("a"), "a");
    Files.writeString(backing.resolve("b"), "b");
    try (FuseRecorder rec = FuseRecorder.start(backing, mnt, tracePath);
        FileChannel open = FileChannel.open(mnt.resolve("b"), StandardOpenOption.READ)) {
      int root = RawFs.openDir(dev.blackout.fuse.internal.LibC.AT_FDCWD, mnt.toString());
      try {
        assertEquals(-17, RawFs.rename(root, "a", root, "b", RawFs.RENAME_NOREPLACE));
      } finally {
        RawFs.close(root);
      }
      assertEquals("b", Files.readString(mnt.resolve("b")));
      assertEquals("a", Files.readString(mnt.resolve("a")));
    }
    assertEquals("b", Files.readString(backing.resolve("b")));
    List<TraceOp> ops = TraceReader.read(tracePath).ops();
    assertTrue(ops.stream().noneMatch(op -> op instanceof TraceOp.Unlink), ops.toString());
  }

  /**
   * A rename that the backing file system refuses after libfuse hid the open destination (here
   * EXDEV: the source is on another file system mounted inside the backing directory) fails, and
   * the destination is still there, as on a plain directory.
   */
  @Test
  void aFailedRenameOntoAnOpenFileLeavesIt() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
    Path sub = Files.createDirectory(backing.resolve("sub"));
    assertEquals(0, new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "qa-exdev",
        sub.toString()).inheritIO().start().waitFor());
    try {
      Files.writeString(sub.resolve("x"), "x");
      Files.writeString(backing.resolve("g"), "g");
      try (FuseRecorder rec = FuseRecorder.start(backing, mnt, tracePath);
          FileChannel open = FileChannel.open(mnt.resolve("g"), StandardOpenOption.READ)) {
        int root = RawFs.openDir(dev.blackout.fuse.internal.LibC.AT_FDCWD, mnt.toString());
        try {
          assertEquals(-18, RawFs.rename(root, "sub/x", root, "g", 0));
        } finally {
          RawFs.close(root);
        }
        assertEquals("g", Files.readString(mnt.resolve("g")), "the open destination stays");
        assertEquals(1, open.size());
      }
      assertEquals("g", Files.readString(backing.resolve("g")));
      List<TraceOp> ops = TraceReader.read(tracePath).ops();
      assertTrue(ops.stream().noneMatch(op -> op instanceof TraceOp.Unlink), ops.toString());
    } finally {
      new ProcessBuilder("umount", "-l", sub.toString()).inheritIO().start().waitFor();
    }
  }

  /**
   * A file unlinked while open lives on under libfuse's hidden name in its directory; after that
   * directory is renamed, libfuse asks for the hidden name under the new path. fstat and reads
   * through the handle keep working, as on a plain directory (found by DifferentialIT seed 4).
   */
  @Test
  void anOpenUnlinkedFileStaysUsableAfterItsDirectoryIsRenamed() throws IOException {
    Files.createDirectory(backing.resolve("d"));
    Files.writeString(backing.resolve("d/f"), "content");
    try (FuseRecorder rec = FuseRecorder.start(backing, mnt, tracePath);
        FileChannel open = FileChannel.open(mnt.resolve("d/f"), StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      Files.delete(mnt.resolve("d/f"));
      Files.move(mnt.resolve("d"), mnt.resolve("e"), StandardCopyOption.ATOMIC_MOVE);
      assertEquals(7, open.size());
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(7);
      assertEquals(7, open.read(b, 0));
      open.truncate(3);
      assertEquals(3, open.size());
    }
    assertTrue(Files.exists(backing.resolve("e")) && !Files.exists(backing.resolve("e/f")));
    try (var names = Files.list(backing.resolve("e"))) {
      assertEquals(0, names.count(), "no stray hidden names");
    }
  }

  private static int indexOf(List<TraceOp> ops, Class<?> kind) {
    for (int i = 0; i < ops.size(); i++) {
      if (kind.isInstance(ops.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
