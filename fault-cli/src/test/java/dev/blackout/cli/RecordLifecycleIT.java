package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.trace.TraceReader;
import dev.blackout.fuse.RequireFuse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code blackout record} always ends: a command that leaves a background process holding files
 * open, and SIGTERM / SIGINT sent to the recorder (passed on to the command, which is waited for
 * briefly), each end with one line, a readable trace and no mount. Runs that send signals use a
 * child JVM. The bound on each wait only keeps a regression from hanging the build.
 */
class RecordLifecycleIT {
  private static final long HUNG_SECONDS = 180;

  @TempDir Path tmp;
  Path backing;
  Path mnt;
  Path trace;
  final List<Path> pidFiles = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    RequireFuse.check();
    backing = Files.createDirectory(tmp.resolve("backing"));
    mnt = Files.createDirectory(tmp.resolve("mnt"));
    trace = tmp.resolve("out.trace");
  }

  /** Kills what the commands left running (they wrote their pids). */
  @AfterEach
  void killLeftovers() throws IOException {
    for (Path f : pidFiles) {
      if (Files.exists(f)) {
        for (String pid : Files.readAllLines(f)) {
          ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }

  private Path pidFile(String name) {
    Path f = tmp.resolve(name);
    pidFiles.add(f);
    return f;
  }

  @Test
  void aBackgroundProcessHoldingAFileOpenIsCutOffAndNamed() throws IOException {
    Path pids = pidFile("background.pid");
    CommandRun r = CommandRun.of(new RecordCommand(), "--trace", trace.toString(), "--backing",
        backing.toString(), "--mount", mnt.toString(), "--", "sh", "-c",
        "echo hi > a; sleep 600 > held & echo $! > " + pids + "; sleep 0.2");
    assertEquals(0, r.status(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains(" operations recorded into " + trace
        + "; the command exited while the mount was still in use ("), r.err());
    assertTrue(r.err().contains("'Transport endpoint is not connected'"), r.err());
    assertFalse(isMounted(mnt), "the mount is gone");
    assertFalse(TraceReader.read(trace).ops().isEmpty());
  }

  @Test
  void sigtermIsPassedOnToTheCommandAndTheTraceClosed() throws Exception {
    Process p = recordInChildJvm("echo started > started; exec sleep 600");
    awaitFile(backing.resolve("started"), p);
    p.destroy(); // SIGTERM to the recorder's JVM
    String err = waitForEnd(p);
    assertEquals(143, p.exitValue(), err);
    assertTrue(err.startsWith("blackout record: stopped by SIGTERM, passed on to the command,"
        + " which exited with status 143; "), err);
    assertTrue(err.strip().endsWith("operations recorded into " + trace), err);
    assertEquals(1, err.lines().count(), err);
    assertFalse(isMounted(mnt), "the mount is gone");
    assertFalse(TraceReader.read(trace).ops().isEmpty());
  }

  @Test
  void aCommandThatIgnoresSigintIsLeftRunningAndRecordStillEnds() throws Exception {
    Path pids = pidFile("ignoring.pid");
    Process p = recordInChildJvm("trap '' INT TERM; echo $$ > " + pids
        + "; sleep 600 & echo $! >> " + pids + "; echo started > started; wait");
    awaitFile(backing.resolve("started"), p);
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    String err = waitForEnd(p);
    assertEquals(130, p.exitValue(), err);
    assertTrue(err.startsWith("blackout record: stopped by SIGINT, passed on to the command, which"
        + " did not stop within 5 s and was left running without its mount; "), err);
    assertEquals(1, err.lines().count(), err);
    assertFalse(isMounted(mnt), "the mount is gone");
    assertFalse(TraceReader.read(trace).ops().isEmpty());
  }

  @Test
  void aFullTraceDiskEndsWithOneLineAndNoStackTrace() throws Exception {
    Path small = Files.createDirectory(tmp.resolve("small"));
    run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString());
    try {
      trace = small.resolve("out.trace");
      Process p = recordInChildJvm("head -c 3000000 /dev/zero > big 2>/dev/null; true");
      String err = waitForEnd(p);
      assertEquals(2, p.exitValue(), err);
      assertEquals(
          List.of("blackout: recording failed: the trace " + trace + " is incomplete: an operation"
              + " could not be appended (No space left on device); free space on its file system"
              + " (or give --trace elsewhere) and record again"),
          err.lines().toList());
    } finally {
      run("umount", "-l", small.toString()); // lazily: a process may not have let go yet
    }
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
  }

  private Process recordInChildJvm(String script) throws IOException {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "record", "--trace",
        trace.toString(), "--backing", backing.toString(), "--mount", mnt.toString(), "--", "sh",
        "-c", script);
    return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(tmp.resolve("record.err").toFile()).start();
  }

  private static void awaitFile(Path f, Process p) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HUNG_SECONDS);
    while (!Files.exists(f)) {
      assertTrue(p.isAlive() && System.nanoTime() < deadline, "the command never started");
      Thread.sleep(20);
    }
  }

  private String waitForEnd(Process p) throws Exception {
    boolean ended = p.waitFor(HUNG_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String err = Files.readString(tmp.resolve("record.err"), StandardCharsets.UTF_8);
    assertTrue(ended, "blackout record hung after the signal; stderr:\n" + err);
    return err;
  }

  private static boolean isMounted(Path dir) throws IOException {
    String target = dir.toRealPath().toString();
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .anyMatch(l -> l.split(" ")[4].equals(target));
  }
}
