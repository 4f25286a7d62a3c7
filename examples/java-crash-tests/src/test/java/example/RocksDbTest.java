package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.check.Verdict;
import dev.blackout.core.crashtest.CrashReport;
import dev.blackout.core.crashtest.CrashScenario;
import dev.blackout.junit.CrashRunner;
import dev.blackout.junit.CrashTest;
import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * RocksDB's documented promise (WriteOptions.sync): with sync=true a write that returned survives
 * a machine crash; with sync=false it survives a process crash, but "if the machine crashes, some
 * recent writes may be lost". Recovery always yields a prefix of the writes. The models: prefix is
 * a process crash; drop-unsynced and ext4-ordered are machine crashes on a sane file system. (posix
 * is not claimed: RocksDB relies on ordering that POSIX does not promise.)
 */
class RocksDbTest {

  @CrashTest(models = {"prefix", "drop-unsynced", "ext4-ordered"})
  void syncedPutsSurviveAnyCrash(CrashRunner crash) throws IOException {
    crash.verify(CrashScenario.of(RocksDbPuts.inProcess(true), RocksDbPuts.RECOVERS_A_PREFIX));
  }

  @CrashTest(models = "prefix")
  void unsyncedPutsSurviveAProcessCrash(CrashRunner crash) throws IOException {
    crash.verify(CrashScenario.of(RocksDbPuts.inProcess(false), RocksDbPuts.RECOVERS_A_PREFIX));
  }

  @CrashTest(models = {"drop-unsynced", "ext4-ordered"})
  void unsyncedPutsMayBeLostInAMachineCrash(CrashRunner crash) throws IOException {
    CrashReport report = crash.explore(
        CrashScenario.of(RocksDbPuts.inProcess(false), RocksDbPuts.RECOVERS_A_PREFIX));
    assertFalse(report.passed(), "sync=false loses acknowledged puts");
    System.out.println("as documented, under " + crash.model() + ":\n" + report.failureMessage());
    Set<Verdict.Kind> kinds = report.failures().stream()
        .map(f -> f.violation().classification()).collect(Collectors.toSet());
    assertEquals(Set.of(Verdict.Kind.DURABILITY), kinds, report.failureMessage());
    assertTrue(report.failureMessage().contains("fix: fsync '"), report.failureMessage());
  }

  /** The same synced workload in its own JVM (Workload.javaMain): same classpath, same verdict. */
  @CrashTest(models = "ext4-ordered")
  void syncedPutsFromAChildJvmSurvive(CrashRunner crash) throws IOException {
    crash.verify(CrashScenario.of(RocksDbPuts.childJvm(true), RocksDbPuts.RECOVERS_A_PREFIX));
  }
}
