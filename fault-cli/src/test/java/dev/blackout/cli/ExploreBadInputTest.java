package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.testing.TraceBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code blackout explore}: one line each, and nothing deleted or left behind. */
@DisplayName("blackout explore: bad input")
@ExtendWith(PrivateTmpdir.class)
class ExploreBadInputTest {
  @TempDir Path tmp;
  Path scratch;
  String savedTmpdir;

  /** Explore's working directories go to a private java.io.tmpdir, checked and removed here. */
  @BeforeEach
  void privateTmpdir() throws Exception {
    scratch = Files.createDirectory(tmp.resolve("scratch"));
    savedTmpdir = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", scratch.toString());
  }

  @AfterEach
  void restoreTmpdir() {
    System.setProperty("java.io.tmpdir", savedTmpdir);
  }

  /** A small trace: write a new file and acknowledge it. */
  private Path trace() throws Exception {
    TraceBuilder b = TraceBuilder.create().file("db", "old".getBytes(StandardCharsets.UTF_8));
    long t = b.create(TraceBuilder.ROOT, "new");
    b.write(t, 0, "x");
    b.close(t);
    b.marker("ack");
    return b.writeTo(tmp.resolve("t.trace"));
  }

  private CliRun explore(Path trace, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("explore", "--trace", trace.toString(),
        "--check", "true", "--model", "prefix", "--seed", "1", "--jobs", "1"));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static void oneLine(CliRun r, String contains) {
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals(1, r.errLines().size(), r.toString());
    assertTrue(r.stderr().contains(contains), r.toString());
  }

  @Test
  void aReportDirectoryHoldingSomeoneElsesFilesIsRefusedAndKept() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("mine/states"));
    Files.writeString(dir.resolve("thesis.tex"), "years of work");
    Files.writeString(tmp.resolve("mine/notes"), "more");
    oneLine(explore(trace(), "--report", tmp.resolve("mine").toString()),
        "'" + tmp.resolve("mine") + "' is not empty and was not written by blackout");
    assertEquals("years of work", Files.readString(dir.resolve("thesis.tex")));
    assertEquals("more", Files.readString(tmp.resolve("mine/notes")));
    assertFalse(Files.exists(tmp.resolve("mine/report.json")));
  }

  @Test
  void theRootDirectoryIsRefusedAsAReportDirectory() throws Exception {
    boolean before = Files.exists(Path.of("/report.json"));
    oneLine(explore(trace(), "--report", "/"), "'/' is not empty and was not written by blackout");
    assertEquals(before, Files.exists(Path.of("/report.json")));
  }

  @Test
  void aReportOnAFileSaysSo() throws Exception {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    oneLine(explore(trace(), "--report", file.toString()),
        "--report '" + file + "' is a file, not a directory; give --report a directory");
    assertEquals("x", Files.readString(file));
  }

  @Test
  void aReportDirectoryOfAnEarlierRunIsWrittenAgain() throws Exception {
    Path dir = tmp.resolve("report");
    Path t = trace();
    assertEquals(0, explore(t, "--report", dir.toString()).exitCode());
    assertTrue(Files.exists(dir.resolve(ReportDirectory.MARK)));
    CliRun again = explore(t, "--report", dir.toString());
    assertEquals(0, again.exitCode(), again.toString());
    assertTrue(Files.exists(dir.resolve("report.json")));
  }

  @Test
  void anEmptyReportDirectoryIsUsed() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("empty"));
    assertEquals(0, explore(trace(), "--report", dir.toString()).exitCode());
    assertTrue(Files.exists(dir.resolve("report.json")));
  }

  @Test
  void aCheckKilledByTheTimeoutHasARealReason() throws Exception {
    CliRun r = CliRun.of("explore", "--trace", trace().toString(), "--check", "sleep 30",
        "--timeout", "1", "--budget", "1", "--model", "prefix", "--seed", "1", "--jobs", "1");
    oneLine(r, "(first: k5: the check was killed after the timeout of 1s)");
    // its states are kept, in the private java.io.tmpdir (so the test below sees what it leaves)
    assertTrue(r.stdout().contains("failing states kept in " + scratch + "/blackout-explore-"),
        r.toString());
  }

  @Test
  void anExploreThatCannotReplayLeavesNoWorkingDirectory() throws Exception {
    TraceBuilder b = TraceBuilder.create();
    long f = b.create(TraceBuilder.ROOT, "../escapes");
    b.close(f);
    Path t = b.writeTo(tmp.resolve("bad.trace"));
    oneLine(explore(t), "the trace cannot be replayed");
    try (Stream<Path> left = Files.list(scratch)) {
      assertEquals(List.of(), left.toList(), "no blackout-explore-* directory is left");
    }
  }
}
