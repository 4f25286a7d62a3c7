package dev.blackout.junit.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.crashtest.CrashScenario;
import dev.blackout.core.crashtest.StateCheck;
import dev.blackout.core.crashtest.Workload;
import dev.blackout.junit.CrashRunner;
import dev.blackout.junit.CrashTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example of docs/java-api.md: a correct atomic-replace store survives every crash. */
class AtomicReplaceStoreIT {

  /** Three puts; each is acknowledged (a marker) once put() has returned. */
  static final Workload THREE_PUTS = (dir, markers) -> {
    ValueStore store = ValueStore.atomicReplace(dir);
    for (int i = 1; i <= 3; i++) {
      store.put("value-" + i);
      markers.mark("put value-" + i);
    }
  };

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

  @CrashTest(models = {"prefix", "drop-unsynced", "ext4-ordered", "posix"})
  void putSurvivesAnyCrash(CrashRunner crash) throws IOException {
    crash.verify(CrashScenario.of(THREE_PUTS, RECOVERS)
        .setup(dir -> Files.writeString(dir.resolve("value"), "value-0")));
  }
}
