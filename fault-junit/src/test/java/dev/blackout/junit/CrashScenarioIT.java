package dev.blackout.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.crashtest.CrashReport;
import dev.blackout.core.crashtest.CrashScenario;
import dev.blackout.core.crashtest.StateCheck;
import dev.blackout.core.crashtest.Workload;
import dev.blackout.core.check.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API itself under the FUSE recorder: evidence kept only on failure, commands, markers. */
class CrashScenarioIT {
  @TempDir Path tmp;

  static final StateCheck OLD_OR_NEW = (state, acked) -> {
    String v = Files.exists(state.resolve("v")) ? Files.readString(state.resolve("v")) : "(none)";
    if (!acked.isEmpty()) {
      assertEquals("new", v, "after '" + acked.get(acked.size() - 1) + "'");
    } else {
      assertTrue(v.equals("old") || v.equals("new"), "v holds '" + v + "'");
    }
  };

  static void put(Path dir, boolean sync) throws IOException {
    Path tmp = dir.resolve("v.tmp");
    Files.writeString(tmp, "new");
    if (sync) {
      try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        ch.force(true);
      }
    }
    Files.move(tmp, dir.resolve("v"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    if (sync) {
      try (var ch = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
        ch.force(true);
      }
    }
  }

  @Test
  void aPassingRunLeavesNothingBehindAndReportsEveryModel() throws IOException {
    RequireFuse.check();
    Path work = tmp.resolve("work");
    List<List<String>> seen = Collections.synchronizedList(new ArrayList<>());
    CrashReport r = CrashScenario.of((dir, markers) -> {
      put(dir, true);
      markers.mark("put new");
    }, (state, acked) -> {
      seen.add(acked);
      OLD_OR_NEW.check(state, acked);
    }).setup(dir -> Files.writeString(dir.resolve("v"), "old"))
        .models("prefix", "drop-unsynced", "ext4-ordered", "posix").workDir(work).run();
    assertTrue(r.passed(), r.failureMessage());
    assertEquals(List.of("prefix", "drop-unsynced", "ext4-ordered", "posix"),
        List.copyOf(r.explorations().keySet()));
    r.explorations().values().forEach(e -> assertTrue(e.checked() > 0, e.summary()));
    assertTrue(seen.contains(List.of("put new")), "the check saw the marker: " + seen);
    assertFalse(Files.exists(work), "the work directory is deleted after a pass");
    assertNull(r.trace());
    assertNull(r.evidence());
  }

  @Test
  void aFailingRunKeepsTheTraceAndTheFailingStates() throws IOException {
    RequireFuse.check();
    Path work = tmp.resolve("work");
    CrashReport r = CrashScenario.of((dir, markers) -> {
      put(dir, false);
      markers.mark("put new");
    }, OLD_OR_NEW).setup(dir -> Files.writeString(dir.resolve("v"), "old"))
        .models("posix").workDir(work).run();
    assertFalse(r.passed());
    assertEquals(work.resolve("trace"), r.trace());
    assertTrue(Files.isRegularFile(r.trace()));
    assertEquals(work, r.evidence());
    for (CrashReport.Failure f : r.failures()) {
      assertEquals("posix", f.model());
      assertTrue(Files.isDirectory(Path.of(f.violation().statePath())), f.violation().statePath());
      assertTrue(Path.of(f.violation().statePath()).startsWith(work.resolve("posix")),
          f.violation().statePath());
      assertTrue(f.replayCommand().startsWith("java -jar "), f.replayCommand());
      assertTrue(f.replayCommand().endsWith(" replay --trace " + r.trace() + " --model posix"
          + " --state " + f.violation().minimizedId() + " --out DIR"), f.replayCommand());
    }
    Set<Verdict.Kind> kinds = new java.util.HashSet<>();
    r.failures().forEach(f -> kinds.add(f.violation().classification()));
    assertTrue(kinds.contains(Verdict.Kind.DURABILITY), kinds.toString());
    assertTrue(kinds.contains(Verdict.Kind.ORDERING), kinds.toString());
    assertFalse(Files.exists(work.resolve("mnt")), "mount point removed");
    assertFalse(Files.exists(work.resolve("recorded")), "backing directory removed");
  }

  @Test
  void aCommandWorkloadIsRecordedToo() throws IOException {
    RequireFuse.check();
    CrashReport r = CrashScenario.of(
        Workload.command("sh", "-c", "printf new > v.tmp && mv v.tmp v"), OLD_OR_NEW)
        .setup(dir -> Files.writeString(dir.resolve("v"), "old"))
        .models("posix").workDir(tmp.resolve("work")).run();
    assertFalse(r.passed(), "an unsynced rename by a child process is caught");
    assertTrue(r.failureMessage().contains("ORDERING: rename #"), r.failureMessage());
  }

  /** Run by {@link #aJavaMainWorkloadRunsInItsOwnJvmWithMarkers} in a child JVM. */
  public static void main(String[] args) throws Exception {
    put(Path.of(System.getenv("BLACKOUT_DIR")), args[0].equals("sync"));
    dev.blackout.core.crashtest.Markers.fromEnvironment().mark("put new");
  }

  @Test
  void aJavaMainWorkloadRunsInItsOwnJvmWithMarkers() throws IOException {
    RequireFuse.check();
    List<List<String>> seen = Collections.synchronizedList(new ArrayList<>());
    CrashReport r = CrashScenario.of(Workload.javaMain(CrashScenarioIT.class, "sync"),
        (state, acked) -> {
          seen.add(acked);
          OLD_OR_NEW.check(state, acked);
        }).setup(dir -> Files.writeString(dir.resolve("v"), "old"))
        .models("posix").workDir(tmp.resolve("work")).run();
    assertTrue(r.passed(), r.failureMessage());
    assertTrue(seen.contains(List.of("put new")), "the child's marker reached the trace: " + seen);
    assertEquals("java.lang.String has no public static void main(String[]); give the class whose"
        + " main runs the workload", org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> Workload.javaMain(String.class)).getMessage());
  }

  @Test
  void anExhaustiveRunSaysItWasExhaustiveAndAKeptTraceGivesTheStatesBack() throws IOException {
    RequireFuse.check();
    CrashReport r = CrashScenario.of((dir, markers) -> {
      put(dir, false);
      markers.mark("put new");
    }, OLD_OR_NEW).setup(dir -> Files.writeString(dir.resolve("v"), "old"))
        .models("posix").exhaustive().workDir(tmp.resolve("work")).run();
    CrashReport.Coverage c = r.coverage().get("posix");
    assertTrue(c.exhaustive(), c.summary());
    assertFalse(c.budgetHit(), c.summary());
    assertTrue(c.summary().contains("exhaustive: every crash state"), c.summary());
    CrashReport.Failure f = r.failures().get(0);
    Path state = r.state("posix", f.violation().minimizedId());
    assertTrue(Files.isDirectory(state), state.toString());
    // the same trace explored again, without recording: the same failures
    CrashReport again = CrashScenario.of((dir, markers) -> {
      throw new AssertionError("not recorded again");
    }, OLD_OR_NEW).trace(r.trace()).models("posix").exhaustive()
        .workDir(tmp.resolve("again")).run();
    assertEquals(r.failures().stream().map(x -> x.violation().stateId()).toList(),
        again.failures().stream().map(x -> x.violation().stateId()).toList());
  }

  @Test
  void theSameSeedExploresTheSameStates() throws IOException {
    RequireFuse.check();
    List<String> a = ids(7);
    List<String> b = ids(7);
    assertEquals(a, b);
    org.junit.jupiter.api.Assertions.assertNotEquals(a, ids(8), "the seed reaches the explorer");
  }

  private List<String> ids(long seed) throws IOException {
    // One handle for all writes: the kernel's asynchronous RELEASE after a close can land between
    // later ops and shift their sequence numbers, and state ids name ops by sequence number.
    CrashReport r = CrashScenario.of((dir, m) -> {
      try (var ch = java.nio.channels.FileChannel.open(dir.resolve("f"),
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
        for (int i = 0; i < 5; i++) {
          byte[] data = new byte[5000 * (i + 1)];
          java.util.Arrays.fill(data, (byte) ('a' + i));
          ch.write(java.nio.ByteBuffer.wrap(data), 40_000L * i);
        }
      }
    }, (state, acked) -> {
      throw new AssertionError("reject all");
    }).models("posix").strategy("random").budget(15).seed(seed)
        .workDir(Files.createTempDirectory(tmp, "w")).run();
    List<String> ids = new ArrayList<>();
    r.failures().forEach(f -> ids.add(f.violation().stateId()));
    assertEquals(15, ids.size(), "the budget bounds the states checked");
    return ids;
  }
}
