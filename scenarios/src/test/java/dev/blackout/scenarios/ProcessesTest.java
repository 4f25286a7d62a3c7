package dev.blackout.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Workloads and checkers as their own processes (no FUSE, no recorder): the workload processes
 * leave the new state, the checker process judges with the design.md section 6 environment.
 */
class ProcessesTest {

  /** The seed patterns and one library: every library workload also runs in-process elsewhere. */
  static Stream<Scenario> scenarios() {
    return Catalog.all().stream().filter(s -> s.seed() || s instanceof SqliteWalFull);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void workloadProcessesLeaveAStateTheCheckerProcessAccepts(Scenario s, @TempDir Path tmp)
      throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("dir"));
    s.setup(dir);
    WorkloadProcesses.run(s, dir, Map.of(), tmp.resolve("logs"), Duration.ofSeconds(60));
    Path again = Files.createDirectory(tmp.resolve("again"));
    s.setup(again);
    List<String> acks = Workloads.runInProcess(s, again); // the acks the processes made
    assertNull(s.check(dir, acks), s.name());
    assertEquals(0, checkProcess(s, dir, acks, tmp).exit, s.name());
  }

  @Test
  void checkerProcessReportsAViolationWithExitOne(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("dir"));
    Scenario s = new RenameWithDirFsync();
    s.setup(dir);
    Result r = checkProcess(s, dir, List.of(FileUpdate.ACK), tmp);
    assertEquals(1, r.exit, r.output);
    assertTrue(r.output.contains("lacks the acknowledged update"), r.output);
    assertEquals(0, checkProcess(s, dir, List.of(), tmp).exit);
  }

  @Test
  void badArgumentsExitTwo(@TempDir Path tmp) throws Exception {
    assertEquals(2, run(tmp, Map.of(), CheckMain.class.getName(), "NoSuchScenario").exit);
    assertEquals(2, run(tmp, Map.of(), WorkloadMain.class.getName(), "OverwriteInPlace", "x").exit);
    assertEquals(2, run(tmp, Map.of(), WorkloadMain.class.getName()).exit);
  }

  @Test
  void aFailingWorkloadIsReportedWithItsOutput(@TempDir Path tmp) throws Exception {
    // No setup: the file the workload overwrites does not exist.
    Path dir = Files.createDirectory(tmp.resolve("dir"));
    java.io.IOException e = assertThrows(java.io.IOException.class, () -> WorkloadProcesses.run(
        new OverwriteInPlace(), dir, Map.of(), tmp.resolve("logs"), Duration.ofSeconds(60)));
    assertTrue(e.getMessage().contains("OverwriteInPlace/main exited with 1")
        && e.getMessage().contains("NoSuchFileException"), e.getMessage());
  }

  record Result(int exit, String output) {}

  private static Result checkProcess(Scenario s, Path state, List<String> acked, Path tmp)
      throws Exception {
    Path ackFile = Files.createTempFile(tmp, "acked", ".txt");
    Files.write(ackFile, acked, StandardCharsets.UTF_8);
    return run(tmp, Map.of("BLACKOUT_STATE", state.toString(), "BLACKOUT_ACKED",
        ackFile.toString()), CheckMain.class.getName(), s.name());
  }

  private static Result run(Path cwd, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path")));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out);
  }
}
