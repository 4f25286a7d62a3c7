package dev.blackout.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import dev.blackout.core.trace.TraceReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderIT {
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

  private static <T extends TraceOp> List<T> ops(Trace t, Class<T> kind) {
    return t.ops().stream().filter(kind::isInstance).map(kind::cast).collect(Collectors.toList());
  }

  @Test
  void replayingTheTraceGivesTheBackingTree() throws IOException {
    Files.createDirectories(backing.resolve("old/sub"));
    Files.writeString(backing.resolve("old/sub/keep"), "initial content");
    Files.createLink(backing.resolve("old/hard"), backing.resolve("old/sub/keep"));
    Files.createSymbolicLink(backing.resolve("sym"), Path.of("old/sub/keep"));
    try (FuseRecorder rec = FuseRecorder.start(backing, mnt, tracePath)) {
      Files.writeString(mnt.resolve("a"), "hello world");
      Files.writeString(mnt.resolve("old/hard"), "replaced through the second link");
      Files.move(mnt.resolve("a"), mnt.resolve("old/sub/a2"), StandardCopyOption.ATOMIC_MOVE);
      Files.createDirectory(mnt.resolve("newdir"));
      Files.writeString(mnt.resolve("newdir/x"), "x");
      Files.move(
          mnt.resolve("newdir/x"),
          mnt.resolve("old/sub/keep"),
          StandardCopyOption.REPLACE_EXISTING);
      Files.delete(mnt.resolve("sym"));
      Files.createSymbolicLink(mnt.resolve("sym2"), Path.of("dangling"));
      try (FileChannel ch =
          FileChannel.open(
              mnt.resolve("big"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(new byte[3_000_000]), 5000);
        ch.truncate(1_000_000);
        ch.force(true);
      }
      rec.mark("done");
    }
    Trace trace = TraceReader.read(tracePath);
    assertTrue(trace.tornTail().isEmpty());
    Path replayed = Trees.replay(trace, tmp.resolve("replayed"));
    assertEquals(Trees.snapshot(backing), Trees.snapshot(replayed));
    // The marker comes after everything but releases, which the kernel sends asynchronously.
    TraceOp.Marker done = ops(trace, TraceOp.Marker.class).get(0);
    assertEquals("done", done.text());
    assertTrue(
        trace.ops().subList((int) done.seq(), trace.ops().size()).stream()
            .allMatch(o -> o instanceof TraceOp.Release),
        "after the marker: " + trace.ops());
  }

  @Test
  void oSyncWritesAreRecordedWithAnFsyncAndTheFlag() throws IOException {
    try (FuseRecorder rec = FuseRecorder.start(backing, mnt, tracePath);
        FileChannel ch =
            FileChannel.open(
                mnt.resolve("s"),
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE,
                StandardOpenOption.SYNC)) {
      ch.write(ByteBuffer.wrap("abc".getBytes()));
      ch.write(ByteBuffer.wrap("def".getBytes()));
    }
    Trace t = TraceReader.read(tracePath);
    TraceOp.Create create = ops(t, TraceOp.Create.class).get(0);
    assertTrue(OpenFlags.has(create.flags(), OpenFlags.O_SYNC), OpenFlags.describe(create.flags()));
    List<TraceOp> afterCreate = t.ops().subList((int) create.seq(), t.ops().size());
    List<String> kinds =
        afterCreate.stream().map(o -> o.getClass().getSimpleName()).collect(Collectors.toList());
    assertEquals(List.of("Write", "Fsync", "Write", "Fsync", "Flush", "Release"), kinds);
    for (TraceOp.Write w : ops(t, TraceOp.Write.class)) {
      assertTrue(OpenFlags.has(w.flags(), OpenFlags.O_SYNC));
      assertEquals(create.inode(), w.inode());
    }
    assertEquals(ProcessHandle.current().pid(), ops(t, TraceOp.Write.class).get(0).meta().pid());
    assertEquals(0, ops(t, TraceOp.Release.class).get(0).meta().pid());
  }

  @Test
  void oDirectOpensSucceedAndRecordTheFlag() throws Exception {
    Path f = mnt.resolve("d");
    try (FuseRecorder rec = FuseRecorder.start(backing, mnt, tracePath)) {
      Files.write(f, new byte[8192]);
      try (FileChannel ch =
          FileChannel.open(
              f, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
        ByteBuffer aligned = ByteBuffer.allocateDirect(8192 + 4096).alignedSlice(4096);
        aligned.limit(4096);
        while (aligned.hasRemaining()) {
          aligned.put((byte) 7);
        }
        aligned.flip();
        assertEquals(4096, ch.write(aligned, 4096));
      }
    }
    Trace t = TraceReader.read(tracePath);
    TraceOp.Open open =
        ops(t, TraceOp.Open.class).stream()
            .filter(o -> OpenFlags.has(o.flags(), OpenFlags.O_DIRECT))
            .findFirst()
            .orElseThrow();
    TraceOp.Write w =
        ops(t, TraceOp.Write.class).stream()
            .filter(x -> x.handle() == open.handle())
            .findFirst()
            .orElseThrow();
    assertEquals(4096, w.offset());
    assertEquals(4096, w.data().length());
    assertEquals(7, Files.readAllBytes(backing.resolve("d"))[5000]);
  }

  @Test
  void msyncArrivesAsWritebackWritesAndAnFdatasync() throws Exception {
    long child;
    try (FuseRecorder rec = FuseRecorder.start(backing, mnt, tracePath)) {
      // In a child JVM: a mapping lives until GC, and would keep the mount busy here.
      Process p = ChildOps.start(java.util.Map.of(), "mmap", mnt.resolve("m").toString());
      child = p.pid();
      assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
    }
    Trace t = TraceReader.read(tracePath);
    List<TraceOp.Write> writes = ops(t, TraceOp.Write.class);
    assertTrue(
        writes.stream().anyMatch(w -> w.meta().pid() == 0 && w.data().length() >= 4096),
        "writeback writes with pid 0: " + writes);
    TraceOp.Write firstPage =
        writes.stream().filter(w -> w.meta().pid() == 0).findFirst().orElseThrow();
    assertTrue(
        ops(t, TraceOp.Fdatasync.class).stream()
            .anyMatch(s -> s.seq() > firstPage.seq() && s.meta().pid() == child),
        "msync -> writeback + fdatasync by the child: " + t.ops());
    assertEquals('m', Files.readAllBytes(backing.resolve("m"))[4999]);
  }

  @Test
  void twoProcessesAreAttributedToTheirOwnPids() throws Exception {
    Files.writeString(backing.resolve("shared"), "");
    long a;
    long b;
    try (FuseRecorder rec = FuseRecorder.start(backing, mnt, tracePath)) {
      Process pa =
          ChildOps.start(java.util.Map.of(), "append", mnt.resolve("shared").toString(), "a", "20");
      Process pb =
          ChildOps.start(java.util.Map.of(), "append", mnt.resolve("shared").toString(), "b", "20");
      a = pa.pid();
      b = pb.pid();
      assertEquals(0, pa.waitFor());
      assertEquals(0, pb.waitFor());
    }
    Trace t = TraceReader.read(tracePath);
    List<TraceOp.Write> writes = ops(t, TraceOp.Write.class);
    assertEquals(40, writes.size());
    for (TraceOp.Write w : writes) {
      String text = new String(w.data().toByteArray());
      long expected = text.startsWith("a") ? a : b;
      assertEquals(expected, w.meta().pid(), "write '" + text.trim() + "'");
      assertTrue(w.meta().tid() != 0);
      assertTrue(OpenFlags.has(w.flags(), OpenFlags.O_APPEND));
    }
    assertEquals(40, ops(t, TraceOp.Fdatasync.class).size());
    // A barrier covers what completed before it began: each process's fdatasync starts after its
    // own preceding write completed.
    for (TraceOp.Fdatasync s : ops(t, TraceOp.Fdatasync.class)) {
      TraceOp.Write own =
          writes.stream()
              .filter(w -> w.meta().pid() == s.meta().pid() && w.seq() < s.seq())
              .reduce((x, y) -> y)
              .orElseThrow();
      assertTrue(
          own.seq() <= s.meta().startSeq() && s.meta().startSeq() < s.seq(),
          "write #" + own.seq() + " then " + s.meta());
    }
    Path replayed = Trees.replay(t, tmp.resolve("replayed"));
    assertEquals(Trees.snapshot(backing), Trees.snapshot(replayed));
  }

  @Test
  void markersAreOrderedAfterWhatCompletedBeforeThem() throws Exception {
    long markerSeq;
    long childMarkerSeq;
    try (FuseRecorder rec = FuseRecorder.start(backing, mnt, tracePath)) {
      Files.writeString(mnt.resolve("one"), "1");
      markerSeq = rec.mark("after one");
      Files.writeString(mnt.resolve("two"), "2");
      String out =
          ChildOps.run(
              java.util.Map.of(MarkClient.CONTROL_ENV, rec.controlSocket().toString()),
              "mark",
              "from child");
      childMarkerSeq = Long.parseLong(out.trim());
      Files.writeString(mnt.resolve("three"), "3");
    }
    Trace t = TraceReader.read(tracePath);
    TraceOp.Marker m1 = (TraceOp.Marker) t.op(markerSeq);
    TraceOp.Marker m2 = (TraceOp.Marker) t.op(childMarkerSeq);
    assertEquals("after one", m1.text());
    assertEquals("from child", m2.text());
    List<TraceOp.Create> creates = ops(t, TraceOp.Create.class);
    assertEquals(
        List.of("one", "two", "three"),
        creates.stream().map(TraceOp.Create::name).collect(Collectors.toList()));
    List<TraceOp.Release> releases = ops(t, TraceOp.Release.class);
    // Every op of "one" up to its close completed before the marker; "two" starts after it.
    TraceOp.Write w1 = ops(t, TraceOp.Write.class).get(0);
    TraceOp.Flush f1 = ops(t, TraceOp.Flush.class).get(0);
    assertTrue(w1.seq() < m1.seq() && f1.seq() < m1.seq());
    assertTrue(creates.get(1).seq() > m1.seq());
    assertTrue(ops(t, TraceOp.Flush.class).get(1).seq() < m2.seq());
    assertTrue(creates.get(2).seq() > m2.seq());
    assertTrue(m1.meta().startSeq() >= f1.seq());
    assertTrue(releases.size() == 3);
  }
}
