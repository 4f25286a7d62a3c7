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

  private static int indexOf(List<TraceOp> ops, Class<?> kind) {
    for (int i = 0; i < ops.size(); i++) {
      if (kind.isInstance(ops.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
