package dev.blackout.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogWritesTest {
  @TempDir Path tmp;

  @Test
  void readsEntriesMarksAndData() throws Exception {
    Path f = new LogBuilder().mark(GuestRun.START_MARK).write(8, (byte) 'x', 2, 0).flush()
        .write(16, (byte) 'y', 1, LogWrites.FUA | LogWrites.FLUSH).ack("file db absent").writeTo(tmp.resolve("log"));
    LogWrites log = LogWrites.read(f, 0, Files.size(f));
    assertEquals(512, log.sectorSize);
    assertEquals(5, log.entries.size());
    assertEquals(GuestRun.START_MARK, log.entries.get(0).mark());
    LogWrites.Entry w = log.entries.get(1);
    assertEquals(8, w.sector());
    assertEquals(2, w.sectors());
    byte[] expected = new byte[1024];
    Arrays.fill(expected, (byte) 'x');
    assertArrayEquals(expected, log.data(w));
    assertTrue(log.entries.get(2).is(LogWrites.FLUSH));
    assertTrue(log.entries.get(3).is(LogWrites.FUA));
    assertEquals(0, log.indexOfMark(GuestRun.START_MARK));
    assertTrue(Replay.isAck(log.entries.get(4)));
  }

  @Test
  void readsALogAtAnOffset() throws Exception {
    Path f = new LogBuilder().mark("m").writeTo(tmp.resolve("log"));
    byte[] log = Files.readAllBytes(f);
    byte[] padded = new byte[4096 + log.length];
    System.arraycopy(log, 0, padded, 4096, log.length);
    Files.write(f, padded);
    assertEquals("m", LogWrites.read(f, 4096, log.length).entries.get(0).mark());
  }

  @Test
  void refusesWhatIsNotALog() throws Exception {
    Path f = Files.write(tmp.resolve("zeros"), new byte[4096]);
    CalibrationException e = assertThrows(CalibrationException.class, () -> LogWrites.read(f, 0, 4096));
    assertTrue(e.getMessage().startsWith("no dm-log-writes log at byte 0"), e.getMessage());
  }

  @Test
  void refusesALogCutShort() throws Exception {
    Path f = new LogBuilder().write(0, (byte) 1, 1, 0).writeTo(tmp.resolve("log"), 3);
    CalibrationException e = assertThrows(CalibrationException.class, () -> LogWrites.read(f, 0, Files.size(f)));
    assertTrue(e.getMessage().contains("cut short at entry 1 of 3"), e.getMessage());
  }
}
