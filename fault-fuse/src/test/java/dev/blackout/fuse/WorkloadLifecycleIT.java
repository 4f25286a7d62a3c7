package dev.blackout.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever a crash test's workload does, the run ends with one clear line, the mount is gone and
 * the JVM exits on its own. Each case runs {@link LifecycleMain} in a child JVM; "did it end" is
 * the child exiting at all (the bound below only keeps a regression from hanging the build: before
 * the fix these runs hung for good).
 */
class WorkloadLifecycleIT {
  /** Far above a normal run (a few seconds); reaching it means the run hung. */
  private static final long HUNG_SECONDS = 180;

  @TempDir Path tmp;
  Path work;

  @BeforeEach
  void setUp() {
    RequireFuse.check();
    work = tmp.resolve("work");
  }

  @Test
  void aWorkloadThatThrowsWithAFileOpenFailsWithItsOwnError() throws Exception {
    List<String> out = run("throws-with-open-file");
    assertEquals(
        "RESULT the workload failed before any crash state was explored:"
            + " java.lang.NoClassDefFoundError: org/example/Missing",
        result(out));
    assertUnmountedAndCleanedUp(out);
  }

  @Test
  void aLeakedDescriptorIsNamedAndCutOff() throws Exception {
    List<String> out = run("leaks-descriptor");
    assertStillInUse(result(out), "1 open file");
    assertUnmountedAndCleanedUp(out);
  }

  @Test
  void aDaemonThreadWritingToALeakedFileIsCutOff() throws Exception {
    List<String> out = run("daemon-thread-keeps-writing");
    assertStillInUse(result(out), "1 open file");
    assertUnmountedAndCleanedUp(out);
  }

  @Test
  void aThreadLeftWritingIsCutOffAndTheJvmExits() throws Exception {
    List<String> out = run("thread-keeps-writing");
    assertStillInUse(result(out), "1 open file");
    assertTrue(out.stream().anyMatch(l -> l.startsWith("WRITER STOPPED")), "" + out);
    assertUnmountedAndCleanedUp(out);
  }

  @Test
  void aChildProcessLeftRunningIsCutOff() throws Exception {
    Path pidFile = tmp.resolve("child.pid");
    try {
      List<String> out = run("child-left-running", pidFile.toString());
      assertStillInUse(result(out), "1 open file");
      assertUnmountedAndCleanedUp(out);
    } finally {
      if (Files.exists(pidFile)) {
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
            .ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  @Test
  void aChildThatCallsSystemExitFailsTheRunWithItsStatus() throws Exception {
    List<String> out = run("child-calls-system-exit");
    assertTrue(result(out).startsWith("RESULT the workload failed before any crash state was"
        + " explored: java.io.IOException: workload command"), result(out));
    assertTrue(result(out).contains("exited with status 3"), result(out));
    assertUnmountedAndCleanedUp(out);
  }

  private static void assertStillInUse(String line, String what) {
    assertTrue(line.startsWith("RESULT the workload returned while the recorded directory was"
        + " still in use (" + what), line);
    assertTrue(line.contains("'Transport endpoint is not connected'"), line);
  }

  private void assertUnmountedAndCleanedUp(List<String> out) throws IOException {
    assertTrue(out.contains("UNMOUNTED"), "" + out);
    assertFalse(Mounts.isMountPoint(work.resolve("mnt")), "no mount left");
    assertFalse(Files.exists(work.resolve("mnt")), "the mount point was removed");
  }

  private List<String> run(String kind, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), LifecycleMain.class.getName(), kind,
        work.toString()));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("child.out").toFile()).start();
    boolean ended = p.waitFor(HUNG_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    String text = Files.readString(tmp.resolve("child.out"), StandardCharsets.UTF_8);
    assertTrue(ended, "the crash test '" + kind + "' hung; its output:\n" + text);
    List<String> lines = text.lines().filter(l -> l.startsWith("RESULT") || l.endsWith("MOUNTED")
        || l.startsWith("WRITER")).toList();
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("RESULT")), text);
    return lines;
  }

  private static String result(List<String> out) {
    return out.stream().filter(l -> l.startsWith("RESULT")).findFirst().orElseThrow();
  }
}
