package dev.blackout.junit.example;

import dev.blackout.core.crashtest.CrashScenario;
import dev.blackout.core.crashtest.Workload;
import dev.blackout.junit.CrashRunner;
import dev.blackout.junit.CrashTest;
import java.io.IOException;
import java.nio.file.Files;

/**
 * The same crash test against a store that renames without fsync: it fails under ext4-ordered
 * and posix (the renamed file at its new size but zero-filled, or acknowledged puts lost). Not
 * run by the build directly (no IT suffix): {@link RenameWithoutFsyncIT} runs it and checks the
 * failure and its message.
 */
class RenameWithoutFsyncExample {

  /** How often the workload ran: once per test, whatever the number of models. */
  static final java.util.concurrent.atomic.AtomicInteger RECORDINGS =
      new java.util.concurrent.atomic.AtomicInteger();

  static final Workload THREE_PUTS = (dir, markers) -> {
    RECORDINGS.incrementAndGet();
    ValueStore store = ValueStore.renameWithoutFsync(dir);
    for (int i = 1; i <= 3; i++) {
      store.put("value-" + i);
      markers.mark("put value-" + i);
    }
  };

  @CrashTest(models = {"ext4-ordered", "posix"})
  void putSurvivesAnyCrash(CrashRunner crash) throws IOException {
    crash.verify(CrashScenario.of(THREE_PUTS, AtomicReplaceStoreIT.RECOVERS)
        .setup(dir -> Files.writeString(dir.resolve("value"), "value-0")));
  }
}
