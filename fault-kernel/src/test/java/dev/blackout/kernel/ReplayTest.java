package dev.blackout.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prefixes and reorderings of a hand-made log, on a 16-sector "disk" whose sectors hold one letter each. */
class ReplayTest {
  @TempDir Path tmp;

  private Replay replay(LogBuilder b) throws Exception {
    Path pristine = tmp.resolve("pristine");
    Files.write(pristine, new byte[16 * 512]);
    Path log = b.writeTo(tmp.resolve("log"));
    LogWrites lw = LogWrites.read(log, 0, Files.size(log));
    return Replay.of(lw, pristine, SparseFile.dataChunks(pristine, 0, 16 * 512), 16 * 512, tmp);
  }

  /** The letter of each sector (. for zeros). */
  private String disk(Replay r, Replay.Cut c) throws Exception {
    Path img = tmp.resolve("img");
    r.build(c, img);
    byte[] d = Files.readAllBytes(img);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      s.append(d[i * 512] == 0 ? '.' : (char) d[i * 512]);
    }
    return s.toString();
  }

  @Test
  void thePrefixesStartAtTheStartMark() throws Exception {
    Replay r = replay(new LogBuilder().write(0, (byte) 's', 1, 0).flush().mark(GuestRun.START_MARK)
        .write(1, (byte) 'a', 1, 0).ack("one").write(2, (byte) 'b', 2, 0));
    List<String> disks = new ArrayList<>();
    List<Integer> acks = new ArrayList<>();
    for (Replay.Cut c : r.prefixes()) {
      disks.add(disk(r, c));
      acks.add(c.acks());
    }
    assertEquals(List.of("s...............", "sa..............", "sa..............", "sabb............"), disks);
    assertEquals(List.of(0, 0, 1, 1), acks);
    assertEquals(List.of("one"), r.marks());
  }

  @Test
  void reorderingsKeepWhatFlushesAndFuaMadeDurable() throws Exception {
    LogBuilder b = new LogBuilder().mark(GuestRun.START_MARK).write(0, (byte) 'a', 1, 0).write(1, (byte) 'b', 1, 0)
        .flush().write(2, (byte) 'c', 1, 0).write(3, (byte) 'd', 1, LogWrites.FUA).write(4, (byte) 'e', 1, 0)
        .write(5, (byte) 'f', 1, 0).write(6, (byte) 'g', 1, 0);
    Replay r = replay(b);
    List<Replay.Cut> cuts = r.reorderings(40, 7);
    assertFalse(cuts.isEmpty());
    for (Replay.Cut c : cuts) {
      String d = disk(r, c);
      if (c.end() > 4) {
        assertTrue(d.startsWith("ab"), "a flush made a and b durable: " + d + " " + c.origin());
      }
      if (c.end() > 5) {
        assertEquals('d', d.charAt(3), "a FUA write is durable once logged: " + d);
      }
      int[] entryOf = {1, 2, 4, 5, 6, 7, 8};
      for (int i = 0; i < 7; i++) {
        assertTrue(entryOf[i] < c.end() || d.charAt(i) == '.', "nothing after the cut: " + d + " cut at " + c.end());
      }
    }
    assertEquals(r.reorderings(40, 7).toString(), cuts.toString(), "seeded");
  }
}
