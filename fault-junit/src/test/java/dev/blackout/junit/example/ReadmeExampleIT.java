package dev.blackout.junit.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.blackout.core.crashtest.CrashScenario;
import dev.blackout.junit.CrashRunner;
import dev.blackout.junit.CrashTest;
import java.io.IOException;
import java.nio.file.Files;

/** The snippet of README.md's "Java API" section, run by the build (JavaApiDocTest compares). */
class ReadmeExampleIT {

  @CrashTest(models = {"ext4-ordered", "posix"})
  void putSurvivesAnyCrash(CrashRunner crash) throws IOException {
    crash.verify(CrashScenario.of(
            (dir, markers) -> {                       // the workload, recorded through FUSE
              ValueStore.atomicReplace(dir).put("value-1");
              markers.mark("put value-1");            // acknowledged
            },
            (state, acked) ->                         // the check, on every crash state
                assertEquals(acked.isEmpty() ? "value-0" : "value-1",
                    Files.readString(state.resolve("value"))))
        .setup(dir -> Files.writeString(dir.resolve("value"), "value-0")));
  }
}
