package dev.blackout.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.check.CheckResult.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandCheckerTest {

  private static final Duration GENEROUS = Duration.ofSeconds(30);

  @TempDir Path work;
  private Path state;

  @BeforeEach
  void makeState() throws IOException {
    state = Files.createDirectory(work.resolve("state-7"));
    Files.writeString(state.resolve("db"), "hello");
  }

  private CheckRequest request(List<String> acked) {
    return new CheckRequest(state, acked, "k12-o3", "ext4-ordered");
  }

  private CheckResult runShell(String script) {
    return CommandChecker.shell(script, GENEROUS).run(request(List.of("ack 1", "ack 2")));
  }

  @Nested
  @DisplayName("environment and working directory")
  class Environment {

    @Test
    void everyVariableIsVisibleAndTheStateIsTheWorkingDirectory() {
      CheckResult result =
          runShell(
              "echo \"state=$BLACKOUT_STATE\"; echo \"acked=$BLACKOUT_ACKED\";"
                  + " echo \"last=$BLACKOUT_LAST_ACK\"; echo \"id=$BLACKOUT_STATE_ID\";"
                  + " echo \"model=$BLACKOUT_MODEL\"; echo \"pwd=$(pwd -P)\"; cat db; echo");
      assertEquals(Outcome.PASS, result.outcome(), result.output());
      String real = realPath(state);
      List<String> lines = result.output().lines().toList();
      assertEquals("state=" + state.toAbsolutePath(), lines.get(0));
      assertEquals("acked=" + CommandChecker.ackFileFor(state), lines.get(1));
      assertEquals("last=ack 2", lines.get(2));
      assertEquals("id=k12-o3", lines.get(3));
      assertEquals("model=ext4-ordered", lines.get(4));
      assertEquals("pwd=" + real, lines.get(5));
      assertEquals("hello", lines.get(6));
    }

    @Test
    void aRelativeProgramIsFoundWhereTheCallerStandsNotInTheState(@TempDir Path elsewhere)
        throws IOException {
      Path script = elsewhere.resolve("check.sh");
      Files.writeString(script, "#!/bin/sh\ntest \"$1\" = arg && cat db\n");
      script.toFile().setExecutable(true);
      String relative = Path.of("").toAbsolutePath().relativize(script).toString();
      CheckResult result = CommandChecker.shell(relative + " arg", GENEROUS).run(request(List.of()));
      assertEquals(Outcome.PASS, result.outcome(), result.output());
      assertEquals(
          "'/bin/sh' stays as it is",
          CommandChecker.withLeadingProgramResolved("'/bin/sh' stays as it is"));
      assertEquals("true && x", CommandChecker.withLeadingProgramResolved("true && x"));
    }

    @Test
    void lastAckIsEmptyWhenNothingWasAcknowledged() {
      CheckResult result =
          CommandChecker.shell(
                  "test -z \"$BLACKOUT_LAST_ACK\" && test ! -s \"$BLACKOUT_ACKED\"", GENEROUS)
              .run(request(List.of()));
      assertEquals(Outcome.PASS, result.outcome(), result.output());
    }

    @Test
    void ackFileListsTheMarkersInOrderNextToTheStateAndIsKeptForAFailure() throws IOException {
      CheckResult result =
          CommandChecker.shell("cat \"$BLACKOUT_ACKED\"; exit 1", GENEROUS)
              .run(request(List.of("file db sha256=00", "ack txn 17", "two\nlines")));
      assertEquals(Outcome.FAIL, result.outcome());
      Path ackFile = CommandChecker.ackFileFor(state);
      assertEquals(
          state.toAbsolutePath().getParent(), ackFile.getParent(), "a sibling of the state");
      assertEquals(
          "file db sha256=00\nack txn 17\ntwo\\nlines\n",
          Files.readString(ackFile, StandardCharsets.UTF_8));
      assertTrue(result.output().startsWith("file db sha256=00\nack txn 17\ntwo\\nlines\n"));
      try (var entries = Files.list(state)) {
        assertEquals(List.of(state.resolve("db")), entries.toList(), "nothing added to the state");
      }
    }

    @Test
    void ackFileIsRemovedAfterAPass() {
      assertEquals(Outcome.PASS, runShell("test -f \"$BLACKOUT_ACKED\"").outcome());
      assertFalse(Files.exists(CommandChecker.ackFileFor(state)));
    }

    @Test
    void standardInputIsAtEndOfFile() {
      assertEquals(Outcome.PASS, runShell("cat > /dev/null").outcome());
    }
  }

  @Nested
  @DisplayName("exit statuses")
  class ExitStatus {

    @Test
    void zeroIsConsistent() {
      CheckResult result = runShell("echo fine");
      assertEquals(Outcome.PASS, result.outcome());
      assertEquals("fine\n", result.output());
      assertTrue(result.duration().toNanos() > 0);
    }

    @Test
    void nonZeroIsAViolationWithStatusAndOutput() {
      CheckResult result = runShell("echo 'db is torn' >&2; exit 3");
      assertEquals(Outcome.FAIL, result.outcome());
      assertTrue(result.output().startsWith("db is torn\n"), result.output());
      assertTrue(result.output().contains("exit status 3"), result.output());
    }

    @Test
    void aCheckerKilledBySignalIsAViolationNamingTheSignal() {
      CheckResult result = runShell("kill -SEGV $$");
      assertEquals(Outcome.FAIL, result.outcome());
      assertTrue(
          result.output().contains("killed by signal SIGSEGV (exit status 139)"), result.output());
    }

    @Test
    void aMissingProgramIsACheckerErrorNotAViolation() {
      CheckResult result =
          CommandChecker.of(List.of(work.resolve("no-such-checker").toString()), GENEROUS)
              .run(request(List.of()));
      assertEquals(Outcome.ERROR, result.outcome());
      assertTrue(result.output().contains("could not be started"), result.output());
      assertTrue(result.output().contains("No such file or directory"), result.output());
      assertFalse(result.output().contains("\n"), "one line: " + result.output());
    }

    @Test
    void aMissingCommandInAShellStringIsACheckerError() {
      CheckResult result = runShell("no-such-command-blackout-test");
      assertEquals(Outcome.ERROR, result.outcome());
      assertTrue(
          result.output().contains("exit status 127 (command not found; a relative path"),
          result.output());
    }

    @Test
    void aMissingStateDirectoryIsACheckerError() throws IOException {
      Files.delete(state.resolve("db"));
      Files.delete(state);
      CheckResult result = runShell("true");
      assertEquals(Outcome.ERROR, result.outcome());
      assertTrue(result.output().contains("does not exist"), result.output());
    }

    @Test
    void aRelativeProgramPathIsResolvedWhereTheCheckerWasMadeNotInTheState() {
      Path cwd = Path.of("").toAbsolutePath();
      CommandChecker checker = CommandChecker.of(List.of("./check.sh", "x"), GENEROUS);
      assertEquals(List.of(cwd.resolve("check.sh").toString(), "x"), checker.argv());
      assertEquals(
          List.of("echo"), CommandChecker.of(List.of("echo"), GENEROUS).argv(), "PATH lookup kept");
    }

    @Test
    void argvIsPassedWithoutAShell() {
      CheckResult result =
          CommandChecker.of(List.of("/bin/echo", "a  b", "$HOME"), GENEROUS)
              .run(request(List.of()));
      assertEquals("a  b $HOME\n", result.output());
    }
  }

  @Nested
  @DisplayName("output")
  class Output {

    @Test
    void outputIsCappedWithANote() {
      CheckResult result = runShell("head -c 200000 /dev/zero | tr '\\0' x; exit 1");
      assertEquals(Outcome.FAIL, result.outcome());
      String out = result.output();
      assertTrue(
          out.startsWith("x".repeat(64 * 1024) + "\n[output truncated: "), out.substring(0, 100));
      assertTrue(
          out.contains("[output truncated: " + (200000 - 64 * 1024) + " more bytes not kept]"));
      assertFalse(out.contains("x".repeat(64 * 1024 + 1)));
    }

    @Test
    void aSmallerLimitCanBeChosen() {
      CheckResult result =
          CommandChecker.shell("printf 0123456789", GENEROUS)
              .withOutputLimit(4)
              .run(request(List.of()));
      assertEquals("0123\n[output truncated: 6 more bytes not kept]", result.output());
    }

    @Test
    void stdoutAndStderrAreMerged() {
      CheckResult result = runShell("echo one; echo two >&2; echo three");
      assertEquals("one\ntwo\nthree\n", result.output());
    }
  }

  @Nested
  @DisplayName("timeout and process tree")
  class Timeout {

    @Test
    void aHangBecomesTimeoutAndTheWholeTreeIsKilled() throws Exception {
      CheckResult result =
          CommandChecker.shell("sleep 1000 & echo $!; wait", Duration.ofMillis(700))
              .run(request(List.of()));
      assertEquals(Outcome.TIMEOUT, result.outcome(), result.output());
      assertTrue(result.output().contains("killed after the timeout of 700ms"), result.output());
      long sleeper = Long.parseLong(result.output().lines().findFirst().orElseThrow().trim());
      assertGone(sleeper);
    }

    @Test
    void aCheckerPrintingWithoutPauseStillTimesOut() {
      CheckResult result =
          CommandChecker.shell("yes", Duration.ofMillis(500)).run(request(List.of()));
      assertEquals(Outcome.TIMEOUT, result.outcome());
      assertTrue(result.output().startsWith("y\ny\n"));
      assertTrue(result.output().contains("more bytes not kept]"), "capped");
      assertTrue(result.output().length() < 70 * 1024, "length " + result.output().length());
    }

    @Test
    void aBackgroundProcessLeftBehindByAPassingCheckerIsKilled() throws Exception {
      CheckResult result = runShell("sleep 1000 > /dev/null 2>&1 & echo $!");
      assertEquals(Outcome.PASS, result.outcome(), result.output());
      long sleeper = Long.parseLong(result.output().trim());
      assertGone(sleeper);
    }

    @Test
    void backgroundProcessesCaughtInTheMiddleOfExecAreKilledToo() throws Exception {
      // The checker exits while its child is typically still inside execve, when the kernel shows
      // an empty environment: before the sweep retried such processes, ~9% of these survived.
      List<Long> sleepers = new java.util.ArrayList<>();
      for (int i = 0; i < 30; i++) {
        CheckResult result = runShell("sleep 1000 > /dev/null 2>&1 & echo $!");
        sleepers.add(Long.parseLong(result.output().trim()));
      }
      for (long sleeper : sleepers) {
        assertGone(sleeper);
      }
    }

    @Test
    void aDetachedGrandchildIsFoundAndKilled() throws Exception {
      // The subshell exits at once: the sleep is re-parented away from the checker's tree.
      CheckResult result =
          CommandChecker.shell(
                  "(sleep 1000 > /dev/null 2>&1 & echo $!); sleep 1000", Duration.ofMillis(700))
              .run(request(List.of()));
      assertEquals(Outcome.TIMEOUT, result.outcome(), result.output());
      long sleeper = Long.parseLong(result.output().lines().findFirst().orElseThrow().trim());
      assertGone(sleeper);
    }

    /** Waits up to 10 s for {@code pid} to be dead: gone, or a zombie waiting for its reaper. */
    private void assertGone(long pid) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (runningSleep(pid) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertFalse(runningSleep(pid), "background 'sleep 1000' (pid " + pid + ") is still running");
    }

    private boolean runningSleep(long pid) {
      String stat;
      try {
        stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      } catch (IOException e) {
        return false; // reaped
      }
      // Any live process at that pid counts: just after the fork it may still be a shell that has
      // not yet become 'sleep' (pid reuse within the test's few seconds is not a concern).
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    }
  }

  @Test
  void validatesItsArguments() {
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> CommandChecker.shell(" ", GENEROUS));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> CommandChecker.of(List.of(), GENEROUS));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> CommandChecker.shell("true", Duration.ZERO));
  }

  private static String realPath(Path p) {
    try {
      return p.toRealPath().toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
