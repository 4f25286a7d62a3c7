package example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.crashtest.CrashScenario;
import dev.blackout.core.crashtest.StateCheck;
import dev.blackout.core.crashtest.Workload;
import dev.blackout.junit.CrashRunner;
import dev.blackout.junit.CrashTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A correct atomic-replace store survives every crash, under all four models. */
class AtomicReplaceStoreTest {

  static Workload threePuts(boolean correct) {
    return (dir, markers) -> {
      ValueStore store = correct ? ValueStore.atomicReplace(dir) : ValueStore.renameWithoutFsync(dir);
      for (int i = 1; i <= 3; i++) {
        store.put("value-" + i);
        markers.mark("put value-" + i);
      }
    };
  }

  /** After a crash the file holds a whole value, at least as new as the last acknowledged one. */
  static final StateCheck RECOVERS = (state, acked) -> {
    Path file = state.resolve("value");
    assertTrue(Files.exists(file), "the value file is missing");
    String found = Files.readString(file);
    assertTrue(found.matches("value-[0-9]+"),
        "the value file holds '" + found.replace("\0", "\\0") + "'");
    int n = Integer.parseInt(found.substring("value-".length()));
    assertTrue(n >= acked.size(),
        "'value-" + acked.size() + "' was acknowledged but the file holds '" + found + "'");
  };

  static CrashScenario scenario(boolean correct) {
    return CrashScenario.of(threePuts(correct), RECOVERS)
        .setup(dir -> Files.writeString(dir.resolve("value"), "value-0"));
  }

  @CrashTest(models = {"prefix", "drop-unsynced", "ext4-ordered", "posix"})
  void putSurvivesAnyCrash(CrashRunner crash) throws IOException {
    crash.verify(scenario(true));
  }
}
