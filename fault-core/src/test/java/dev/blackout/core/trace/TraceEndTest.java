package dev.blackout.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.testing.TraceBuilder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-of-trace record tells a trace whose recorder stopped cleanly from one cut short by a kill
 * on a record boundary (issue 11); traces of format version 1, which lack it, still read.
 */
class TraceEndTest {
  @TempDir Path dir;

  private static TraceBuilder sample() {
    TraceBuilder b = TraceBuilder.create().file("a", "x".getBytes());
    long f = b.create(TraceBuilder.ROOT, "f");
    b.write(f, 0, "hello");
    b.marker("ack 1");
    return b;
  }

  @Test
  void aClosedTraceEndsAndAnAbandonedOneDoesNot() throws IOException {
    TraceBuilder b = sample();
    Path closed = b.writeTo(dir.resolve("closed.trace"));
    Trace t = TraceReader.read(closed);
    assertTrue(t.ended());
    assertFalse(t.incomplete());
    assertTrue(t.tornTail().isEmpty());

    Path killed = dir.resolve("killed.trace");
    TraceWriter w = TraceWriter.create(killed);
    w.writeImage(b.image());
    for (TraceOp op : b.ops()) {
      w.append(op);
    }
    w.abandon();
    Trace k = TraceReader.read(killed);
    assertTrue(k.incomplete(), "a trace cut on a record boundary must not pass for a whole one");
    assertTrue(k.tornTail().isEmpty());
    assertEquals(b.ops(), k.ops());
    assertEquals(Files.size(closed) - 12 - 8 - 4, Files.size(killed), "the end record is 24 bytes");
  }

  @Test
  void theEndRecordIsCheckedAndNothingMayFollowIt() throws IOException {
    Path f = sample().writeTo(dir.resolve("t.trace"));
    byte[] whole = Files.readAllBytes(f);
    // one more copy of the end record: a record after the end
    byte[] twice = new byte[whole.length + 24];
    System.arraycopy(whole, 0, twice, 0, whole.length);
    System.arraycopy(whole, whole.length - 24, twice, whole.length, 24);
    Path after = Files.write(dir.resolve("after.trace"), twice);
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.read(after));
    assertEquals(whole.length, e.offset());
    assertTrue(e.getMessage().contains("follows the end-of-trace record"), e.getMessage());

    // the last three bytes cut: a torn tail, and so incomplete
    Path cut = Files.write(dir.resolve("cut.trace"), java.util.Arrays.copyOf(whole, whole.length - 3));
    Trace t = TraceReader.read(cut);
    assertTrue(t.incomplete());
    assertTrue(t.tornTail().isPresent());
  }

  @Test
  void aVersion1TraceStillReadsAndIsIncomplete() throws IOException {
    // Markers, writes of an initial file and image entries have the same layout in both versions.
    TraceBuilder b = TraceBuilder.create().file("a", "x".getBytes());
    b.marker("one").marker("two");
    Path f = dir.resolve("v1.trace");
    TraceWriter w = TraceWriter.create(f);
    w.writeImage(b.image());
    for (TraceOp op : b.ops()) {
      w.append(op);
    }
    w.abandon();
    setVersion(f, 1);
    Trace t = TraceReader.read(f);
    assertEquals(1, t.header().version());
    assertEquals(b.ops(), t.ops());
    assertTrue(t.incomplete(), "a version-1 trace cannot say it is whole");

    setVersion(f, 3);
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.read(f));
    assertEquals(
        "v1.trace: trace format version 3 is not supported (this reader supports versions 1 to 2)",
        e.getMessage());
  }

  private static void setVersion(Path f, int version) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      byte[] h = new byte[28];
      raf.readFully(h);
      TraceFormat.putInt(h, 8, version);
      CRC32C crc = new CRC32C();
      crc.update(h, 0, 24);
      TraceFormat.putInt(h, 24, (int) crc.getValue());
      raf.seek(0);
      raf.write(h);
    }
  }
}
