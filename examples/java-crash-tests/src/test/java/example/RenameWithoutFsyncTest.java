package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.check.Verdict;
import dev.blackout.core.crashtest.CrashReport;
import dev.blackout.junit.CrashRunner;
import dev.blackout.junit.CrashTest;
import java.io.IOException;
import java.nio.file.Files;

/**
 * The store that renames without any fsync, with its expected verdicts asserted: a process crash
 * (prefix) loses nothing; on ext4 (since Linux 5.6, docs/models.md) and under posix the rename may
 * reach the disk before the data it renames (ORDERING first), and an acknowledged put can be lost.
 * crash.explore returns the report instead of failing, so the build stays green while the failure
 * is checked.
 */
class RenameWithoutFsyncTest {

  @CrashTest(models = {"prefix", "ext4-ordered", "posix"})
  void putIsLostOrTornAfterAMachineCrash(CrashRunner crash) throws IOException {
    CrashReport report = crash.explore(AtomicReplaceStoreTest.scenario(false));
    if (crash.model().equals("prefix")) {
      assertTrue(report.passed(), report.failureMessage());
      return;
    }
    assertFalse(report.passed());
    String message = report.failureMessage();
    System.out.println("as expected, under " + crash.model() + ":\n" + message);
    assertEquals(Verdict.Kind.ORDERING + ":", message.lines().skip(1).findFirst().orElseThrow().trim().split(" ")[0],
        message);
    assertTrue(message.contains("    fix: fsync "), message);
    // the failing state can be rebuilt by id, as the replay command does
    String id = report.explorations().get(crash.model()).causes().get(0).exampleId();
    assertTrue(Files.isRegularFile(report.state(crash.model(), id).resolve("value")));
  }
}
