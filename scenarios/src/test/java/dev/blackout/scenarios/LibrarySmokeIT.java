package dev.blackout.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * One smoke cell (prefix) for each kind of library scenario added for the ALICE comparison, through
 * the real FUSE recorder: native RocksDB writing through the mount, ZooKeeper 3.4 and HSQLDB 2.3
 * from their own class loaders in the workload process and in the checker. The full rows run in
 * {@code blackout scenarios}.
 */
class LibrarySmokeIT {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path work;

  @Test
  void oneCellEachIsAsExpected() throws Exception {
    FuseRequirement.check();
    List<Scenario> picked = Catalog.select(List.of("Hsqldb23Ledger", "ZooKeeper34LogSync",
        "RocksDbWalSync"));
    SuiteOptions o = new SuiteOptions(List.of("prefix"), 1, 100, 2, work, Duration.ofMinutes(2));
    SuiteResult r = new SuiteRunner(o, SuiteListener.NONE).run(picked);
    String table = String.join("\n", SuiteTable.lines(r));
    assertEquals(3, r.cells().size(), table);
    assertTrue(r.allAsExpected(), table);
    // ZooKeeper 3.4.6 under prefix is the finding: a killed process leaves a log with no header.
    Cell zk = r.cells().get(1);
    assertEquals(Outcome.A, zk.verdict(), table);
    assertTrue(zk.failures().get(0).checkerOutput().contains("EOFException"), table);
  }
}
