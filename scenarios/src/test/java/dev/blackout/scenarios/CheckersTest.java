package dev.blackout.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table's checkers on hand-made crash states. */
class CheckersTest {
  @TempDir Path dir;

  @Nested
  class OldOrNewFile {
    private String check(byte[] content, List<String> acked) throws Exception {
      if (content != null) {
        Files.write(dir.resolve("db"), content);
      }
      return OldOrNew.check(dir, "db", FileUpdate.OLD, FileUpdate.NEW, acked);
    }

    @Test
    void oldWithoutAckPasses() throws Exception {
      assertNull(check(FileUpdate.OLD, List.of()));
    }

    @Test
    void newWithAckPasses() throws Exception {
      assertNull(check(FileUpdate.NEW, List.of("ack")));
    }

    @Test
    void oldAfterAckIsADurabilityViolation() throws Exception {
      assertTrue(check(FileUpdate.OLD, List.of("ack db=new")).contains("lacks the acknowledged"));
    }

    @Test
    void emptyFileIsNeitherOldNorNew() throws Exception {
      assertTrue(check(new byte[0], List.of()).contains("neither"));
    }

    @Test
    void zeroFilledNewSizeIsNeither() throws Exception {
      assertTrue(check(new byte[FileUpdate.NEW.length], List.of()).contains("neither"));
    }

    @Test
    void missingExistingFileIsNeither() throws Exception {
      assertTrue(check(null, List.of()).contains("(missing)"));
    }

    @Test
    void missingNewFileIsItsOldState() throws Exception {
      assertNull(OldOrNew.check(dir, "out", null, FileUpdate.NEW, List.of()));
      assertNotNull(OldOrNew.check(dir, "out", null, FileUpdate.NEW, List.of("ack")));
    }

    @Test
    void aDirectoryInPlaceOfTheFileIsNeither() throws Exception {
      Files.createDirectory(dir.resolve("db"));
      assertNotNull(OldOrNew.check(dir, "db", FileUpdate.OLD, FileUpdate.NEW, List.of()));
    }
  }

  @Nested
  class ChecksummedLog {
    private void log(byte[]... records) throws Exception {
      byte[] all = new byte[0];
      for (byte[] r : records) {
        byte[] next = Arrays.copyOf(all, all.length + r.length);
        System.arraycopy(r, 0, next, all.length, r.length);
        all = next;
      }
      Files.write(dir.resolve("log"), all);
    }

    @Test
    void recordsRoundTrip() {
      byte[] a = Records.encode("a");
      byte[] b = Records.encode("bee");
      byte[] both = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, both, a.length, b.length);
      assertEquals(List.of("a", "bee"), Records.decode(both));
    }

    @Test
    void aTornTailEndsRecoveryButIsNoViolation() throws Exception {
      byte[] b = Records.encode("second");
      log(Records.encode("first"), Arrays.copyOf(b, b.length - 2));
      assertNull(LogCheck.check(dir, "log", List.of("first"), List.of("ack first")));
    }

    @Test
    void aCorruptedRecordStopsRecovery() throws Exception {
      byte[] b = Records.encode("second");
      b[b.length - 1] ^= 1;
      log(Records.encode("first"), b, Records.encode("third"));
      assertEquals(List.of("first"), Records.decode(Files.readAllBytes(dir.resolve("log"))));
      assertNotNull(LogCheck.check(dir, "log", List.of(), List.of("ack third")));
    }

    @Test
    void zerosAreNotARecord() {
      assertEquals(List.of(), Records.decode(new byte[64]));
    }

    @Test
    void aMissingAcknowledgedRecordIsAViolation() throws Exception {
      log(Records.encode("first"));
      String p = LogCheck.check(dir, "log", List.of(), List.of("ack first", "ack second"));
      assertTrue(p.contains("'second'"), p);
    }

    @Test
    void anAckNamesARecordByItsFirstWord() throws Exception {
      log(Records.encode("r10 padding"));
      assertNotNull(LogCheck.check(dir, "log", List.of(), List.of(LogCheck.ackOf("r1 padding"))));
      log(Records.encode("r1 padding"));
      assertNull(LogCheck.check(dir, "log", List.of(), List.of(LogCheck.ackOf("r1 padding"))));
      assertEquals("ack r1", LogCheck.ackOf("r1 padding"));
    }

    @Test
    void aLostInitialRecordIsAViolation() throws Exception {
      log();
      assertNotNull(LogCheck.check(dir, "log", List.of("r0"), List.of()));
    }

    @Test
    void aMissingLogIsAViolation() throws Exception {
      assertNotNull(LogCheck.check(dir, "log", List.of(), List.of()));
    }
  }

  @Nested
  class ExpectationRules {
    @Test
    void aFindingNeedsAReason() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new Expectation(Outcome.A, Outcome.D, "src", " "));
      assertTrue(e.getMessage().contains("say why"), e.getMessage());
    }

    @Test
    void tableSpellingParses() {
      for (Outcome o : Outcome.values()) {
        assertEquals(o, Outcome.parse(o.symbol()));
      }
      assertThrows(IllegalArgumentException.class, () -> Outcome.parse("X"));
    }

    @Test
    void unknownScenariosAreNamedWithTheKnownOnes() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Catalog.select(List.of("OverwriteInPlace", "Nope")));
      assertTrue(e.getMessage().startsWith("unknown scenario Nope; known: OverwriteInPlace"),
          e.getMessage());
      assertEquals(List.of("OverwriteInPlace"),
          Catalog.select(List.of("overwriteinplace")).stream().map(Scenario::name).toList());
    }
  }
}
