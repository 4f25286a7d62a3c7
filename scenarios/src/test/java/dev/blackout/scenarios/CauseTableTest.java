package dev.blackout.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Grouping failing states into causes by the ops involved (docs/alice-comparison.md). */
class CauseTableTest {

  private static Cell.Failure failure(String cls, String explanation, List<String> omitted,
      List<String> torn, String cause) {
    return new Cell.Failure("k1-o1", "k1-o1", 1, cls, explanation, "bad\nmore", List.of(),
        omitted, torn, List.of(), List.of(), "replay", "", cause);
  }

  private static Cell cell(List<Cell.Failure> failures) {
    return new Cell("S", "posix", Outcome.A, Expectation.of(Outcome.A, "src"), 9, 9, 9,
        failures.size(), 1, "", failures);
  }

  @Test
  void orderingIsGroupedByTheEarliestLostOpAndTheLaterPersistedOne() {
    Cell.Failure a = failure("ORDERING",
        "size of 'zk/log.1' 16 -> 99 (write #12) persisted while write #11 to 'zk/log.1' [0, 16)"
            + " did not", List.of("write #11 to 'zk/log.1' [0, 16)"), List.of(), "x");
    Cell.Failure b = failure("ORDERING",
        "size of 'zk/log.4' 16 -> 99 (write #25) persisted while write #24 to 'zk/log.4' [0, 16),"
            + " create #30 'zk/snap.4' did not",
        List.of("create #30 'zk/snap.4'", "write #24 to 'zk/log.4' [0, 16)"), List.of(), "y");
    List<CauseTable.Cause> causes = CauseTable.of(cell(List.of(a, b)));
    assertEquals(1, causes.size(), causes.toString());
    assertEquals("ORDERING write 'zk/log.N' lost, size of 'zk/log.N' persisted",
        causes.get(0).key());
    assertEquals(2, causes.get(0).states());
    assertEquals("bad", causes.get(0).checkerOutput());
  }

  @Test
  void durabilityAndAtomicityKeepTheExplorersCauseWithNumbersReadAsN() {
    Cell.Failure d1 = failure("DURABILITY", "e", List.of(), List.of(),
        "DURABILITY create 'db/MANIFEST-000009'");
    Cell.Failure d2 = failure("DURABILITY", "e", List.of(), List.of(),
        "DURABILITY create 'db/MANIFEST-000012'");
    Cell.Failure t = failure("ATOMICITY", "e", List.of(),
        List.of("write #3 to 'f' [0, 4096) was torn: only [0, 512) persisted"),
        "ATOMICITY of torn write to 'f'");
    List<CauseTable.Cause> causes = CauseTable.of(cell(List.of(d1, t, d2)));
    assertEquals(2, causes.size(), causes.toString());
    assertEquals("DURABILITY create 'db/MANIFEST-N'", causes.get(0).key());
    assertEquals(2, causes.get(0).states());
    assertEquals("ATOMICITY of torn write to 'f'", causes.get(1).key());
  }

  @Test
  void dataAcknowledgedBeforeAnOpIsNamedByThatOp() {
    Cell.Failure a = failure("DURABILITY", "unlink #48 'db.script' did not persist although"
        + " marker 'ack txn 4' (#27) acknowledged it", List.of(), List.of(),
        "DURABILITY acknowledged before written");
    Cell.Failure b = failure("DURABILITY", "marker 'ack txn 4' (#27) acknowledged unlink #48"
        + " 'db.script' before the workload issued it, and it did not persist", List.of(),
        List.of(), "DURABILITY acknowledged before written");
    List<CauseTable.Cause> causes = CauseTable.of(cell(List.of(a, b)));
    assertEquals(1, causes.size(), causes.toString());
    assertEquals("DURABILITY acknowledged before written: unlink 'db.script'",
        causes.get(0).key());
  }

  @Test
  void consequencesReadPathsAndNumbersAsN() {
    Cell.Failure a = new Cell.Failure("s", "s", 1, "ORDERING", "e",
        "does not open: /tmp/x/k3-o1/db/MANIFEST-000009: missing (causes: more)", List.of(),
        List.of(), List.of(), List.of(), List.of(), "r", "", "c");
    Cell.Failure b = new Cell.Failure("s", "s", 1, "ORDERING", "e",
        "does not open: /tmp/y/k7-o2/db/MANIFEST-000012: missing", List.of(), List.of(),
        List.of(), List.of(), List.of(), "r", "", "c");
    var out = CauseTable.consequences(cell(List.of(a, b)));
    assertEquals(1, out.size(), out.toString());
    assertEquals("ORDERING  does not open: PATH missing", out.get(0).getKey());
    assertEquals(2, out.get(0).getValue());
  }

  @Test
  void opWordsReduceToKindAndFiles() {
    assertEquals("rename 'a.new'→'a'", CauseTable.op("rename #5 'a.new'→'a'"));
    assertEquals("open O_TRUNC 'snap.N'", CauseTable.op("open #6 O_TRUNC of 'snap.0' (size 4 -> 0)"));
    assertEquals("a later op", CauseTable.op("a later op"));
    assertEquals("torn write 'f'",
        CauseTable.op("write #3 to 'f' [0, 4096) was torn: only [0, 512) persisted"));
  }
}
