package dev.blackout.core.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.testing.TraceBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The trace file: round trips, torn tails, corruption. Seeds: -Dblackout.seed=N reruns one. */
class TraceFileTest {
  static final long SEED = Long.getLong("blackout.seed", 20261126L);

  @TempDir Path dir;

  @Test
  void everyOpKindRoundTrips() throws IOException {
    Trace trace = TraceSamples.everyKind(SEED);
    Set<Class<?>> kinds = trace.ops().stream().map(Object::getClass).collect(Collectors.toSet());
    assertEquals(opKinds(), kinds, "sample covers every op kind");

    Path file = dir.resolve("t.trace");
    TraceSamples.write(trace, file);
    Trace back = TraceReader.read(file);

    assertEquals(TraceHeader.CURRENT_VERSION, back.header().version());
    assertTrue(back.header().createdNanos() > 0);
    assertEquals(Optional.empty(), back.tornTail());
    assertEquals(trace.image(), back.image(), "seed " + SEED);
    assertEquals(trace.ops().size(), back.ops().size());
    for (int i = 0; i < trace.ops().size(); i++) {
      assertEquals(trace.ops().get(i), back.ops().get(i), "op " + (i + 1) + ", seed " + SEED);
    }
    assertEquals(trace.ops(), back.ops());
    List<InitialImage.Entry> es = back.image().entries();
    assertEquals(es.get(2).inode(), es.get(4).inode(), "hard link shares the inode");
    assertEquals(FileType.FIFO, es.get(7).type());
  }

  /** Every record class implementing TraceOp (through sealed sub-interfaces too). */
  static Set<Class<?>> opKinds() {
    Set<Class<?>> out = new java.util.HashSet<>();
    java.util.ArrayDeque<Class<?>> todo = new java.util.ArrayDeque<>(List.of(TraceOp.class));
    while (!todo.isEmpty()) {
      Class<?> c = todo.pop();
      if (c.isInterface()) {
        todo.addAll(List.of(c.getPermittedSubclasses()));
      } else {
        out.add(c);
      }
    }
    return out;
  }

  @Test
  void payloadsReadBackStayInTheFile() throws IOException {
    Trace trace = TraceSamples.everyKind(SEED);
    Path file = TraceSamples.write(trace, dir.resolve("t.trace")).file();
    Trace back = TraceReader.read(file);
    TraceOp.Write big = (TraceOp.Write) back.op(3);
    assertInstanceOf(FileRegionPayload.class, big.data());
    assertEquals(2 * 1024 * 1024 + 3, big.data().length());
    assertEquals(((TraceOp.Write) trace.op(3)).data().hashCode(), big.data().hashCode());
    assertInstanceOf(FileRegionPayload.class, back.image().entries().get(3).content());
  }

  @Test
  void builderWriteToGivesTheSameTrace() throws IOException {
    TraceBuilder b = TraceBuilder.create().file("x", "1".getBytes());
    long f = b.create(TraceBuilder.ROOT, "y");
    b.write(f, 0, "2").fsync(f).close(f);
    Trace back = TraceReader.read(b.writeTo(dir.resolve("b.trace")));
    assertEquals(b.build().image(), back.image());
    assertEquals(b.build().ops(), back.ops());
  }

  @TestFactory
  Stream<DynamicTest> cutAtEveryOffsetOfTheLastRecords() throws IOException {
    Trace trace = TraceSamples.small(SEED, 40);
    TraceSamples.Written w = TraceSamples.write(trace, dir.resolve("full.trace"));
    byte[] all = Files.readAllBytes(w.file());
    int n = trace.ops().size();
    long from = w.start(n - 5);
    return Stream.iterate(from, off -> off < all.length, off -> off + 1)
        .map(
            cut ->
                DynamicTest.dynamicTest(
                    "cut at " + cut,
                    () -> {
                      Path f = dir.resolve("cut-" + cut + ".trace");
                      Files.write(f, Arrays.copyOf(all, Math.toIntExact(cut)));
                      Trace t = TraceReader.read(f);
                      int whole = 0;
                      while (whole < n && w.ends()[whole + 1] <= cut) {
                        whole++;
                      }
                      String why = "cut " + cut + ", seed " + SEED;
                      assertEquals(trace.ops().subList(0, whole), t.ops(), why);
                      long start = w.ends()[whole];
                      Optional<TornTail> expect =
                          start == cut ? Optional.empty() : Optional.of(new TornTail(start, cut - start));
                      assertEquals(expect, t.tornTail(), why);
                    }));
  }

  @Test
  void cutInsideABigLastWriteIsATornTail() throws IOException {
    TraceBuilder b = TraceBuilder.create();
    long f = b.create(TraceBuilder.ROOT, "f");
    b.write(f, 0, Payload.filled(3 << 20, (byte) 9));
    Trace trace = b.build();
    TraceSamples.Written w = TraceSamples.write(trace, dir.resolve("big.trace"));
    byte[] all = Files.readAllBytes(w.file());
    long start = w.start(2);
    for (long cut : new long[] {start + 5, start + 12, start + 60, start + (2 << 20), w.size() - 1}) {
      Path c = Files.write(dir.resolve("cut.trace"), Arrays.copyOf(all, (int) cut));
      Trace t = TraceReader.read(c);
      assertEquals(trace.ops().subList(0, 1), t.ops(), "cut " + cut);
      assertEquals(Optional.of(new TornTail(start, cut - start)), t.tornTail(), "cut " + cut);
    }
  }

  @Test
  void flippedByteIsAnErrorNamingItsRecord() throws IOException {
    Trace trace = TraceSamples.small(SEED, 60);
    TraceSamples.Written w = TraceSamples.write(trace, dir.resolve("full.trace"));
    byte[] all = Files.readAllBytes(w.file());
    Random rnd = new Random(SEED);
    int n = trace.ops().size();
    for (int round = 0; round < 300; round++) {
      int k = 1 + rnd.nextInt(n - 1); // never the last record
      long start = w.start(k);
      int pos = (int) (start + rnd.nextInt((int) (w.ends()[k] - start)));
      byte[] bad = all.clone();
      bad[pos] ^= (byte) (1 + rnd.nextInt(255));
      Path f = dir.resolve("bad.trace");
      Files.write(f, bad);
      String why = "byte " + pos + " of op " + k + " flipped, seed " + SEED;
      TraceFormatException e =
          assertThrows(TraceFormatException.class, () -> TraceReader.read(f), why);
      assertEquals(start, e.offset(), why + ": " + e.getMessage());
      assertTrue(e.getMessage().startsWith("bad.trace: record at offset " + start + " "), why);
      assertTrue(e.getMessage().endsWith("(corrupt trace)"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
    }
  }

  @Test
  void flippedByteInTheFileHeaderOrLastRecordIsAnError() throws IOException {
    Trace trace = TraceSamples.small(SEED, 5);
    TraceSamples.Written w = TraceSamples.write(trace, dir.resolve("full.trace"));
    byte[] all = Files.readAllBytes(w.file());
    for (int pos : new int[] {8, 20, 27, (int) w.size() - 1, (int) w.start(5) + 13}) {
      byte[] bad = all.clone();
      bad[pos] ^= 0x40;
      Path f = dir.resolve("bad.trace");
      Files.write(f, bad);
      assertThrows(TraceFormatException.class, () -> TraceReader.read(f), "byte " + pos);
    }
  }

  @Test
  void checksumMessageNamesTheOffset() throws IOException {
    Trace trace = TraceSamples.small(SEED, 10);
    TraceSamples.Written w = TraceSamples.write(trace, dir.resolve("trace.bin"));
    byte[] all = Files.readAllBytes(w.file());
    long start = w.start(4);
    all[(int) start + 20] ^= 1; // inside the body
    Files.write(w.file(), all);
    TraceFormatException e =
        assertThrows(TraceFormatException.class, () -> TraceReader.read(w.file()));
    assertEquals(
        "trace.bin: record at offset " + start + " fails its checksum (corrupt trace)",
        e.getMessage());
  }

  @Test
  void zeroFilledTailIsATornTail() throws IOException {
    Trace trace = TraceSamples.small(SEED, 10);
    TraceSamples.Written w = TraceSamples.write(trace, dir.resolve("t.trace"));
    byte[] all = Files.readAllBytes(w.file());
    // Zeros appended after the last record.
    Path f1 = dir.resolve("zeros-after.trace");
    byte[] more = Arrays.copyOf(all, all.length + 4096);
    Files.write(f1, more);
    Trace t1 = TraceReader.read(f1);
    assertEquals(trace.ops(), t1.ops());
    assertEquals(Optional.of(new TornTail(all.length, 4096)), t1.tornTail());
    // The last two records' bytes zeroed (the file size reached the disk, the data did not).
    long start = w.start(9);
    byte[] zeroed = all.clone();
    Arrays.fill(zeroed, (int) start, zeroed.length, (byte) 0);
    Path f2 = dir.resolve("zeroed.trace");
    Files.write(f2, zeroed);
    Trace t2 = TraceReader.read(f2);
    assertEquals(trace.ops().subList(0, 8), t2.ops());
    assertEquals(Optional.of(new TornTail(start, all.length - start)), t2.tornTail());
  }

  @Test
  void zerosFollowedByDataAreAnError() throws IOException {
    Trace trace = TraceSamples.small(SEED, 10);
    TraceSamples.Written w = TraceSamples.write(trace, dir.resolve("t.trace"));
    byte[] all = Files.readAllBytes(w.file());
    long start = w.start(5);
    Arrays.fill(all, (int) start, (int) w.ends()[5], (byte) 0);
    Files.write(w.file(), all);
    TraceFormatException e =
        assertThrows(TraceFormatException.class, () -> TraceReader.read(w.file()));
    assertEquals(start, e.offset());
  }

  @Test
  void badFilesGiveOneLineErrors() throws IOException {
    Path empty = Files.write(dir.resolve("empty.trace"), new byte[0]);
    assertMessage(empty, "empty.trace: empty file, not a Blackout trace");

    Path text = Files.writeString(dir.resolve("notes.txt"), "hello, this is not a trace at all");
    assertMessage(text, "notes.txt: not a Blackout trace (wrong magic number)");

    Path shortMagic = Files.write(dir.resolve("short.trace"), "BLKT".getBytes());
    assertMessage(shortMagic, "short.trace: the trace header is truncated (4 of 28 bytes)");

    byte[] v99 = TraceFormat.fileHeader(new TraceHeader(99, 1L));
    Path future = Files.write(dir.resolve("future.trace"), v99);
    assertMessage(
        future,
        "future.trace: trace format version 99 is not supported (this reader supports versions 1 to 2)");

    assertThrows(NoSuchFileException.class, () -> TraceReader.read(dir.resolve("missing.trace")));
  }

  @Test
  void opsBeforeTheImageEndAreAnError() throws IOException {
    Trace trace = TraceSamples.small(SEED, 3);
    TraceSamples.Written w = TraceSamples.write(trace, dir.resolve("t.trace"));
    byte[] all = Files.readAllBytes(w.file());
    int endFrame = TraceFormat.FRAME_HEADER_LENGTH + TraceFormat.FRAME_TRAILER_LENGTH;
    int imageEnd = (int) w.ends()[0];
    byte[] spliced = new byte[all.length - endFrame];
    System.arraycopy(all, 0, spliced, 0, imageEnd - endFrame);
    System.arraycopy(all, imageEnd, spliced, imageEnd - endFrame, all.length - imageEnd);
    Path f = Files.write(dir.resolve("noend.trace"), spliced);
    assertMessage(
        f,
        "noend.trace: record at offset "
            + (imageEnd - endFrame)
            + " is an op before the end of the initial image (corrupt trace)");

    Path cut = Files.write(dir.resolve("cut.trace"), Arrays.copyOf(all, imageEnd - 3));
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.read(cut));
    assertTrue(e.getMessage().contains("ends inside its initial image"), e.getMessage());
  }

  @Test
  void headerOnlyFileEndsInsideTheImage() throws IOException {
    Path f = dir.resolve("h.trace");
    TraceWriter.create(f).close();
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.read(f));
    assertEquals(
        "h.trace: the trace ends inside its initial image; the recorder stopped before recording"
            + " began",
        e.getMessage());
  }

  @Test
  void imageOnlyTraceHasNoOps() throws IOException {
    Path f = dir.resolve("i.trace");
    try (TraceWriter w = TraceWriter.create(f)) {
      w.writeImage(InitialImage.emptyRoot());
    }
    Trace t = TraceReader.read(f);
    assertEquals(InitialImage.emptyRoot(), t.image());
    assertEquals(List.of(), t.ops());
  }

  @Test
  void filePayloadsStreamIntoTheImage() throws IOException {
    byte[] content = new byte[5 * 1024 * 1024 + 1];
    new Random(SEED).nextBytes(content);
    Path src = Files.write(dir.resolve("src.bin"), content);
    Payload p = Payload.ofFile(src);
    assertEquals(Payload.of(content), p);
    assertEquals(Payload.of(content).hashCode(), p.hashCode());
    InitialImage img =
        new InitialImage(
            List.of(
                InitialImage.emptyRoot().entries().get(0),
                new InitialImage.Entry("src.bin", 2, FileType.REGULAR, 0644, 0, 0, 0L, p, null)));
    Path f = dir.resolve("img.trace");
    try (TraceWriter w = TraceWriter.create(f)) {
      w.writeImage(img);
    }
    Trace t = TraceReader.read(f);
    assertEquals(img, t.image());
    assertArrayEquals(content, t.image().entries().get(1).content().toByteArray());
  }

  @Test
  void wrappedBuffersAreCopiedAtAppend() throws IOException {
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(200_000);
    for (int i = 0; i < buf.capacity(); i++) {
      buf.put(i, (byte) (i * 31));
    }
    buf.position(7).limit(150_007);
    Payload p = Payload.wrap(buf);
    assertEquals(150_000, p.length());
    assertEquals(7, buf.position(), "wrap does not consume the buffer");
    byte[] expect = new byte[150_000];
    for (int i = 0; i < expect.length; i++) {
      expect[i] = (byte) ((i + 7) * 31);
    }
    assertEquals(Payload.of(expect), p);
    Path f = dir.resolve("w.trace");
    try (TraceWriter w = TraceWriter.create(f)) {
      w.writeImage(InitialImage.emptyRoot());
      w.append(new TraceOp.Write(OpMeta.of(1), 1, 0, 0, p, 0));
      w.append(new TraceOp.Write(OpMeta.of(2), 1, 0, 0, Payload.wrap(buf.slice(7, 10)), 0));
    }
    Trace t = TraceReader.read(f);
    assertEquals(Payload.of(expect), ((TraceOp.Write) t.op(1)).data());
    assertArrayEquals(
        Arrays.copyOf(expect, 10), ((TraceOp.Write) t.op(2)).data().toByteArray());
  }

  private static void assertMessage(Path f, String message) {
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.read(f));
    assertEquals(message, e.getMessage());
  }

  static Set<Long> seqs(Trace t) {
    Set<Long> s = new HashSet<>();
    t.ops().forEach(op -> s.add(op.seq()));
    return s;
  }
}
