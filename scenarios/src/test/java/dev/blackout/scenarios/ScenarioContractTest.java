package dev.blackout.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario against its own contract on a plain directory (no FUSE): the initial files are
 * consistent with nothing acknowledged, the workload leaves a state its checker accepts with every
 * ack, and the initial files fail once an update has been acknowledged.
 */
class ScenarioContractTest {

  static Stream<Scenario> scenarios() {
    return Catalog.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void initialStateIsConsistentWithoutAcks(Scenario s, @TempDir Path dir) throws Exception {
    s.setup(dir);
    assertNull(s.check(dir, List.of()), s.name() + ": the initial files must pass with no ack");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void workloadLeavesTheNewStateWithEveryAck(Scenario s, @TempDir Path dir) throws Exception {
    s.setup(dir);
    List<String> acks = Workloads.runInProcess(s, dir);
    assertNull(s.check(dir, acks), s.name() + ": final state with acks " + acks);
    if (!(s instanceof DirectRmwTruncate)) {
      assertFalse(acks.isEmpty(), s.name() + " acknowledges its updates");
    }
    assertEquals(s.roles().size() * expectedAcksPerRole(s), acks.size(), s.name() + ": " + acks);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void initialStateFailsOnceAcknowledged(Scenario s, @TempDir Path dir, @TempDir Path work)
      throws Exception {
    s.setup(work);
    List<String> acks = Workloads.runInProcess(s, work);
    s.setup(dir);
    if (acks.isEmpty()) {
      return; // DirectRmwTruncate acknowledges nothing: nothing is promised
    }
    assertNotNull(s.check(dir, acks), s.name() + ": the old state must not satisfy " + acks);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyModelHasAnExpectationWithASource(Scenario s) {
    Map<String, Expectation> e = s.expectations();
    assertEquals(Scenario.MODELS.size(), e.size(), s.name());
    for (String m : Scenario.MODELS) {
      assertNotNull(e.get(m), s.name() + " under " + m);
      assertFalse(e.get(m).source().isBlank(), s.name() + " under " + m);
    }
    assertFalse(s.title().isBlank());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void workloadLeavesExpectedFinalContent(Scenario s, @TempDir Path dir) throws Exception {
    s.setup(dir);
    Workloads.runInProcess(s, dir);
    if (s instanceof FileUpdate) {
      assertTrue(java.util.Arrays.equals(FileUpdate.NEW, Files.readAllBytes(dir.resolve("db"))));
      assertFalse(Files.exists(dir.resolve(FileUpdate.TMP)));
    } else if (s instanceof DirectRmwTruncate) {
      assertTrue(java.util.Arrays.equals(DirectRmwTruncate.newContent(),
          Files.readAllBytes(dir.resolve(DirectRmwTruncate.FILE))));
    } else if (s instanceof MmapForce) {
      assertTrue(java.util.Arrays.equals(MmapForce.newContent(),
          Files.readAllBytes(dir.resolve(MmapForce.FILE))));
    } else if (s instanceof SharedLogTwoProcesses) {
      List<String> recs = Records.decode(Files.readAllBytes(dir.resolve(SharedLogTwoProcesses.FILE)));
      assertEquals(2 * SharedLogTwoProcesses.PER_PROCESS, recs.size(), recs.toString());
    }
  }

  private static int expectedAcksPerRole(Scenario s) {
    if (s instanceof DirectRmwTruncate) {
      return 0;
    }
    if (s instanceof AppendLogFdatasync) {
      return AppendLogFdatasync.APPENDED.size();
    }
    if (s instanceof PreallocatedLogFdatasync) {
      return PreallocatedLogFdatasync.RECORDS.size();
    }
    if (s instanceof SharedLogTwoProcesses) { // and SharedLogWithoutFdatasync
      return SharedLogTwoProcesses.PER_PROCESS;
    }
    if (s instanceof SqlLedger) {
      return SqlLedger.TXNS;
    }
    if (s instanceof SharedVolumeContainers) {
      return SharedVolumeContainers.PER_ROLE;
    }
    if (s instanceof RocksDbLedger) {
      return RocksDbLedger.PUTS;
    }
    if (s instanceof ZooKeeperLog) {
      return ZooKeeperLog.CREATES;
    }
    if (s instanceof LuceneCommits) {
      return LuceneCommits.COMMITS;
    }
    return 1;
  }
}
