package dev.blackout.junit.example.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.blackout.core.check.Verdict;
import dev.blackout.core.crashtest.property.PropertyReport;
import dev.blackout.core.crashtest.property.StoreProperty;
import dev.blackout.junit.CrashProperty;
import dev.blackout.junit.PropertyRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Stateful crash properties of three example stores: the correct one holds over the default
 * number of tries; the two broken ones fail, and their failures shrink to exactly the actions
 * needed.
 */
class StorePropertiesIT {

  static final StoreProperty<FileKvStore> FILES = Stores.files(true);
  static final StoreProperty<FileKvStore> FILES_NO_DIR_FSYNC =
      Stores.files(false).javaName("FILES_NO_DIR_FSYNC");
  static final StoreProperty<LogKvStore> LOG_ACK_BEFORE_FSYNC =
      Stores.log(false).javaName("LOG_ACK_BEFORE_FSYNC");

  @CrashProperty(models = {"ext4-ordered", "posix"})
  void aCorrectStoreKeepsWhatItAcknowledged(PropertyRunner property) throws IOException {
    PropertyReport r = property.verify(FILES);
    assertEquals(20, r.sequencesRun());
    assertTrue(r.statesChecked() > 0, r.coverage());
  }

  @CrashProperty(models = "ext4-ordered", seed = 1)
  void withoutADirectoryFsyncAnAcknowledgedPutIsLost(PropertyRunner property) throws IOException {
    PropertyReport r = property.explore(FILES_NO_DIR_FSYNC);
    System.out.println(r.failureMessage());
    assertFalse(r.passed());
    assertEquals(List.of(FILES_NO_DIR_FSYNC.call("put", "k0", "a")), r.shrunk());
    assertEquals("ext4-ordered", r.failedModel());
    assertEquals(Verdict.Kind.DURABILITY, r.failure().failures().get(0).violation().classification());
    assertTrue(r.failureMessage().contains("fix: fsync the directory '.' after rename #"),
        r.failureMessage());
    assertTrue(r.javaTest().contains("crash.verify(FILES_NO_DIR_FSYNC.scenario(\n"
        + "      FILES_NO_DIR_FSYNC.call(\"put\", \"k0\", \"a\")));"), r.javaTest());
  }

  @CrashProperty(models = "ext4-ordered", seed = 1)
  void acknowledgingACommitBeforeItsFsyncLosesIt(PropertyRunner property) throws IOException {
    PropertyReport r = property.explore(LOG_ACK_BEFORE_FSYNC);
    System.out.println(r.failureMessage());
    assertFalse(r.passed());
    assertEquals(List.of(LOG_ACK_BEFORE_FSYNC.call("put", "k0", "a"),
        LOG_ACK_BEFORE_FSYNC.call("commit")), r.shrunk());
    assertEquals(Verdict.Kind.DURABILITY, r.failure().failures().get(0).violation().classification());
    // the printed test, pasted into PastedShrunkFailureExample, fails the same way
    String pasted = Files.readString(Path.of("src", "test", "java", "dev", "blackout", "junit",
        "example", "property", "PastedShrunkFailureExample.java"));
    StringBuilder indented = new StringBuilder();
    r.javaTest().lines().forEach(l -> indented.append("  ").append(l).append('\n'));
    assertTrue(pasted.contains(indented), "paste again:\n" + indented);
    Events tests = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(PastedShrunkFailureExample.class)).execute().testEvents();
    tests.assertStatistics(s -> s.started(1).failed(1));
    String message = tests.failed().list().get(0).getRequiredPayload(TestExecutionResult.class)
        .getThrowable().orElseThrow().getMessage();
    assertTrue(message.contains("  DURABILITY: write #"), message);
    assertTrue(message.contains("did not persist although marker 'ack 2: commit()'"), message);
  }
}
