package dev.blackout.core.crashtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.crashtest.spi.RecorderProvider;
import dev.blackout.core.crashtest.spi.Recording;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashScenarioTest {
  @TempDir Path tmp;

  static final CrashScenario PLAIN = CrashScenario.of((dir, m) -> {}, (state, acked) -> {});

  @Test
  void withoutARecorderOnTheClassPathRunSaysWhichDependencyToAdd() {
    // fault-core's own tests have no recorder (fault-fuse depends on core, not the reverse).
    RecorderUnavailableException e = assertThrows(RecorderUnavailableException.class,
        () -> PLAIN.workDir(tmp.resolve("w")).run());
    assertEquals(Recorders.MISSING, e.getMessage());
    assertTrue(e.getMessage().contains("dev.blackout:fault-fuse"));
    assertFalse(Files.exists(tmp.resolve("w")), "nothing created before the recorder was found");
  }

  @Test
  void anUnavailableRecorderGivesItsOneLineReason() {
    RecorderProvider none = new FakeRecorder(Optional.of("no /dev/fuse on this machine"));
    RecorderUnavailableException e = assertThrows(RecorderUnavailableException.class,
        () -> PLAIN.workDir(tmp.resolve("w")).run(none));
    assertEquals("no /dev/fuse on this machine", e.getMessage());
  }

  @Test
  void aFailingWorkloadIsReportedAsSuchAndLeavesNothingBehind() {
    Path work = tmp.resolve("w");
    CrashScenario s = CrashScenario.of((dir, m) -> {
      throw new IllegalStateException("store refused the put");
    }, (state, acked) -> {}).workDir(work);
    IOException e = assertThrows(IOException.class, () -> s.run(new FakeRecorder(Optional.empty())));
    assertEquals("the workload failed before any crash state was explored:"
        + " java.lang.IllegalStateException: store refused the put", e.getMessage());
    assertFalse(Files.exists(work), "work directory removed");
  }

  @Test
  void aFailingSetupIsReportedAsSuch() {
    CrashScenario s = PLAIN.setup(dir -> {
      throw new IOException("disk full");
    }).workDir(tmp.resolve("w"));
    IOException e = assertThrows(IOException.class, () -> s.run(new FakeRecorder(Optional.empty())));
    assertTrue(e.getMessage().startsWith("the setup failed before any crash state was explored"),
        e.getMessage());
  }

  @Test
  void badSettingsAreRefusedWithOneLine() {
    assertEquals("unknown model 'zfs'; known models: prefix, drop-unsynced, ext4-ordered, posix",
        assertThrows(IllegalArgumentException.class, () -> PLAIN.models("posix", "zfs")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> PLAIN.models(new String[0])).getMessage()
        .startsWith("no model given"));
    assertEquals("budget 0 is not a positive number of states",
        assertThrows(IllegalArgumentException.class, () -> PLAIN.budget(0)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> PLAIN.strategy("fast"))
        .getMessage().startsWith("unknown strategy 'fast'; known: minimal"));
    assertEquals("jobs 0 is not a positive number",
        assertThrows(IllegalArgumentException.class, () -> PLAIN.jobs(0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> PLAIN.timeout(Duration.ZERO));
    assertThrows(NullPointerException.class, () -> CrashScenario.of(null, (s, a) -> {}));
  }

  @Test
  void settingsAreCopiedNotChanged() {
    CrashScenario s = PLAIN.models("posix", "prefix").budget(7).seed(99);
    assertEquals(java.util.List.of("posix", "prefix"), s.models());
    assertEquals(7, s.budget());
    assertEquals(99, s.seed());
    assertEquals(java.util.List.of("ext4-ordered"), PLAIN.models());
    assertEquals(0, PLAIN.seed());
  }

  @Test
  void aCommandWorkloadRunsInTheDirectoryWithTheControlEnvironment() throws Exception {
    Markers markers = new FakeRecording(tmp);
    Workload.command("sh", "-c", "test \"$BLACKOUT_DIR\" = \"$PWD\" && printf '%s' \"$BLACKOUT_CONTROL\" > out")
        .run(tmp, markers);
    assertEquals("/fake/control", Files.readString(tmp.resolve("out")));
  }

  @Test
  void aFailingCommandWorkloadNamesItsStatusAndOutput() {
    IOException e = assertThrows(IOException.class,
        () -> Workload.command("sh", "-c", "echo cannot open db; exit 3").run(tmp, new FakeRecording(tmp)));
    assertEquals("workload command [sh, -c, echo cannot open db; exit 3] exited with status 3:"
        + " cannot open db", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Workload.command());
  }

  /** Serves the backing directory itself: no recording, for the paths before any trace is read. */
  record FakeRecorder(Optional<String> reason) implements RecorderProvider {
    @Override
    public Optional<String> unavailableReason() {
      return reason;
    }

    @Override
    public Recording start(Path backing, Path mountPoint, Path trace) {
      return new FakeRecording(backing);
    }
  }

  record FakeRecording(Path directory) implements Recording {
    @Override
    public long mark(String text) {
      return 0;
    }

    @Override
    public Map<String, String> environment() {
      return Map.of("BLACKOUT_CONTROL", "/fake/control");
    }

    @Override
    public void close() {}
  }
}
