package dev.blackout.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.check.CheckRequest;
import dev.blackout.core.check.CheckResult;
import dev.blackout.core.check.CommandChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario's checker as a core {@code Checker}, in-process and as a command. */
class CheckersAdapterTest {

  @Test
  void javaCheckerPassesAndFails(@TempDir Path dir) throws Exception {
    Scenario s = new RenameWithDirFsync();
    s.setup(dir);
    assertEquals(CheckResult.Outcome.PASS,
        Checkers.of(s).run(new CheckRequest(dir, List.of(), "k0", "posix")).outcome());
    CheckResult r = Checkers.of(s).run(new CheckRequest(dir, List.of(FileUpdate.ACK), "k3", "posix"));
    assertEquals(CheckResult.Outcome.FAIL, r.outcome());
    assertTrue(r.output().contains("lacks the acknowledged update"), r.output());
  }

  @Test
  void commandCheckerRunsTheCheckerProcessWithTheDesignEnvironment(@TempDir Path dir)
      throws Exception {
    Scenario s = new AppendLogFdatasync();
    s.setup(dir);
    CommandChecker c = CommandChecker.of(Checkers.command(s), Duration.ofSeconds(60));
    assertEquals(CheckResult.Outcome.PASS,
        c.run(new CheckRequest(dir, List.of(), "k0", "posix")).outcome());
    CheckResult r = c.run(new CheckRequest(dir, List.of("ack r1"), "k9", "posix"));
    assertEquals(CheckResult.Outcome.FAIL, r.outcome(), r.toString());
    assertTrue(r.output().contains("acknowledged record 'r1' is missing"), r.output());
  }

  @Test
  void aCheckerThatCannotJudgeIsAnError(@TempDir Path dir) throws Exception {
    Files.createDirectory(dir.resolve("ledger.db")); // SQLite cannot open a directory
    CheckResult r = Checkers.of(new SqliteWalFull())
        .run(new CheckRequest(dir, List.of(), "k0", "posix"));
    assertTrue(r.outcome() != CheckResult.Outcome.PASS, r.toString());
  }
}
