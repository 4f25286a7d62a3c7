package dev.blackout.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TraceWriter's contract: ordering rules, concurrency, and surviving a kill -9. */
class TraceWriterTest {
  @TempDir Path dir;

  @Test
  void createRefusesAnExistingFile() throws IOException {
    Path f = Files.writeString(dir.resolve("x.trace"), "keep me");
    assertThrows(FileAlreadyExistsException.class, () -> TraceWriter.create(f));
    assertEquals("keep me", Files.readString(f), "nothing lost");
  }

  @Test
  @SuppressWarnings("try") // closes twice on purpose: close is idempotent
  void ordersImageThenOpsAndChecksSeq() throws IOException {
    Path f = dir.resolve("t.trace");
    try (TraceWriter w = TraceWriter.create(f)) {
      TraceOp first = new TraceOp.Marker(OpMeta.of(1), "a");
      assertThrows(IllegalStateException.class, () -> w.append(first), "op before endImage");
      w.writeImage(InitialImage.emptyRoot());
      assertThrows(IllegalStateException.class, w::endImage);
      InitialImage.Entry late = InitialImage.emptyRoot().entries().get(0);
      assertThrows(IllegalStateException.class, () -> w.imageEntry(late));
      assertThrows(
          IllegalStateException.class,
          () -> w.append(new TraceOp.Marker(OpMeta.of(2), "skips seq 1")));
      assertEquals(0, w.lastSeq());
      w.append(first);
      assertEquals(1, w.lastSeq());
      assertThrows(IllegalStateException.class, () -> w.append(first), "seq 1 again");
      assertEquals(2, w.appendNext(seq -> new TraceOp.Marker(OpMeta.of(seq), "b")));
      assertThrows(
          IllegalStateException.class,
          () -> w.appendNext(seq -> new TraceOp.Marker(OpMeta.of(seq + 1), "wrong seq")));
      w.close();
      w.close();
      assertThrows(IllegalStateException.class, () -> w.append(first), "after close");
      w.flush();
    }
    Trace t = TraceReader.read(f);
    assertEquals(2, t.ops().size());
  }

  @Test
  void markersReachTheOsAtOnce() throws IOException {
    Path f = dir.resolve("m.trace");
    try (TraceWriter w = TraceWriter.create(f)) {
      w.writeImage(InitialImage.emptyRoot());
      w.append(new TraceOp.Fsync(OpMeta.of(1), 1, 0));
      long before = Files.size(f);
      w.append(new TraceOp.Marker(OpMeta.of(2), "ack"));
      assertTrue(Files.size(f) > before, "marker written through");
      Trace t = TraceReader.read(f);
      assertEquals(2, t.ops().size(), "readable while the writer is open");
    }
  }

  @Test
  void concurrentAppendNextGivesGaplessSeqs() throws Exception {
    Path f = dir.resolve("c.trace");
    int threads = 4;
    int perThread = 2500;
    try (TraceWriter w = TraceWriter.create(f)) {
      w.writeImage(InitialImage.emptyRoot());
      List<Thread> ts = new ArrayList<>();
      List<Throwable> errors = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int tid = t + 1;
        Thread th =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < perThread; i++) {
                      int n = i;
                      w.appendNext(
                          seq ->
                              new TraceOp.Write(
                                  new OpMeta(seq, seq - 1, 100, tid, 0L, 0),
                                  tid,
                                  0,
                                  n,
                                  Payload.filled(n % 50, (byte) tid),
                                  0));
                    }
                  } catch (Throwable e) {
                    synchronized (errors) {
                      errors.add(e);
                    }
                  }
                });
        ts.add(th);
        th.start();
      }
      for (Thread th : ts) {
        th.join();
      }
      assertEquals(List.of(), errors);
      assertEquals((long) threads * perThread, w.lastSeq());
    }
    Trace t = TraceReader.read(f);
    assertEquals(threads * perThread, t.ops().size()); // Trace checks seq == index + 1
    Set<String> seen = new HashSet<>();
    for (TraceOp op : t.ops()) {
      TraceOp.Write w = (TraceOp.Write) op;
      assertEquals(w.meta().tid(), w.inode());
      assertEquals(Payload.filled((int) (w.offset() % 50), (byte) w.inode()), w.data());
      assertTrue(seen.add(w.inode() + ":" + w.offset()), "each append once: " + w);
    }
  }

  @Test
  void brokenPayloadBreaksTheWriter() throws IOException {
    Path src = Files.write(dir.resolve("src"), new byte[100_000]);
    Payload p = Payload.ofFile(src);
    Files.write(src, new byte[10]); // the captured file shrank
    Path f = dir.resolve("b.trace");
    try (TraceWriter w = TraceWriter.create(f)) {
      InitialImage.Entry e =
          new InitialImage.Entry("src", 2, FileType.REGULAR, 0644, 0, 0, 0L, p, null);
      w.imageEntry(InitialImage.emptyRoot().entries().get(0));
      IOException ex = assertThrows(IOException.class, () -> w.imageEntry(e));
      assertTrue(ex.getMessage().contains("payload ended after 10 of its 100000 bytes"), ex.getMessage());
      IOException again = assertThrows(IOException.class, w::endImage);
      assertTrue(again.getMessage().contains("failed earlier"), again.getMessage());
    }
  }

  @Test
  void killedWriterLeavesEveryWholeRecordReadable() throws Exception {
    Path f = dir.resolve("killed.trace");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                KilledWriterMain.class.getName(),
                f.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("ready", out.readLine());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (Files.size(f) < 8 << 20 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    long size = Files.size(f);
    Trace t = TraceReader.read(f);
    assertFalse(t.ops().isEmpty(), "the child wrote ops before it was killed");
    for (TraceOp op : t.ops()) {
      assertEquals(KilledWriterMain.op(op.seq()), op, "op " + op.seq());
    }
    t.tornTail()
        .ifPresent(
            torn -> {
              assertEquals(size, torn.offset() + torn.bytes(), "torn tail runs to the end");
              assertTrue(torn.bytes() > 0);
            });
  }
}
