package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.check.ReportJson;
import dev.blackout.core.check.RunReport;
import dev.blackout.core.check.Verdict;
import dev.blackout.core.check.ViolationReport;
import dev.blackout.core.explore.ExploreOptions;
import dev.blackout.core.explore.Explorer;
import dev.blackout.core.model.ModelOptions;
import dev.blackout.core.model.PersistenceModel;
import dev.blackout.core.model.UnitGraph;
import dev.blackout.core.testing.TraceBuilder;
import dev.blackout.core.trace.Trace;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("blackout explore / replay")
@ExtendWith(PrivateTmpdir.class)
class ExploreCommandTest {

  /** The file holds exactly the old or the new content, and the new one once acknowledged. */
  static final String CHECK =
      "c=$(cat db 2>/dev/null); "
          + "if [ -n \"$BLACKOUT_LAST_ACK\" ]; then [ \"$c\" = new-content ]; "
          + "else [ \"$c\" = old-content ] || [ \"$c\" = new-content ]; fi";

  @TempDir Path tmp;

  /** Write a temporary file and rename it over db, no fsync at all, then acknowledge. */
  private Trace renameWithoutFsync() {
    TraceBuilder b = TraceBuilder.create().file("db", "old-content".getBytes(StandardCharsets.UTF_8));
    long t = b.create(TraceBuilder.ROOT, "db.tmp");
    b.write(t, 0, "new-content");
    b.close(t);
    b.rename(TraceBuilder.ROOT, "db.tmp", TraceBuilder.ROOT, "db");
    b.marker("ack");
    return b.build();
  }

  private Path traceFile(Trace t) throws Exception {
    TraceBuilder b = TraceBuilder.from(t.image());
    t.ops().forEach(op -> b.add(m -> op));
    return b.writeTo(tmp.resolve("t.trace"));
  }

  @Test
  @DisplayName("finds the unsynced rename under posix: exit 1, seed, summary line, explanation, replay command")
  void findsTheBug() throws Exception {
    Path file = traceFile(renameWithoutFsync());
    CliRun run = CliRun.of("explore", "--trace", file.toString(), "--check", CHECK, "--model", "posix",
        "--seed", "7", "--jobs", "2", "--report", tmp.resolve("r").toString());
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.stdout().contains("seed 7"), run::toString);
    assertTrue(run.stdout().lines().anyMatch(l -> l.matches("states: generated \\d+, distinct \\d+, checked \\d+, violations [1-9]\\d*")),
        run::toString);
    assertTrue(run.stdout().contains("rename #5 'db.tmp'→'db' persisted while write #2 to 'db.tmp'"), run::toString);
    assertTrue(run.stdout().contains("blackout replay --trace " + file + " --model posix --state "), run::toString);
    RunReport report = ReportJson.read(tmp.resolve("r"));
    assertEquals("posix", report.model());
    assertEquals(7L, report.seed());
    assertFalse(report.violations().isEmpty());
    for (ViolationReport v : report.violations()) {
      assertTrue(v.replayCommand().startsWith("blackout replay --trace " + file + " --model posix --state " + v.stateId()), v.toString());
      assertTrue(Files.isDirectory(Path.of(v.statePath())), "failing state kept: " + v.statePath());
      assertEquals(List.of("ack"), v.acked());
    }
    assertTrue(report.violations().stream().anyMatch(v -> v.classification() == Verdict.Kind.ORDERING));
    assertTrue(report.violations().stream().anyMatch(v -> v.classification() == Verdict.Kind.DURABILITY));
    assertEquals(report.counts().violations(), report.violations().size());
  }

  @Test
  @DisplayName("the same trace under prefix is fine: exit 0, and the check sees the environment of design.md 6")
  void prefixIsFine() throws Exception {
    Path file = traceFile(renameWithoutFsync());
    String env = "[ \"$BLACKOUT_STATE\" = \"$PWD\" ] && [ -f \"$BLACKOUT_ACKED\" ] && [ \"$BLACKOUT_MODEL\" = prefix ]"
        + " && [ -n \"$BLACKOUT_STATE_ID\" ] && [ \"$(cat \"$BLACKOUT_ACKED\")\" = \"$BLACKOUT_LAST_ACK\" ] && ";
    CliRun run = CliRun.of("explore", "--trace", file.toString(), "--check", env + "{ " + CHECK + "; }", "--model", "prefix");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.stdout().contains("violations 0"), run::toString);
    assertTrue(run.stdout().matches("(?s).*seed \\d+.*"), run::toString);
  }

  @Test
  @DisplayName("replay rebuilds the very state explore checked (same content hash)")
  void replayRebuildsTheSameBytes() throws Exception {
    Trace t = renameWithoutFsync();
    Path file = traceFile(t);
    UnitGraph g = PersistenceModel.of("posix", ModelOptions.defaults().withTorn(4)).build(t);
    Explorer.Generated gen = new Explorer(g, ExploreOptions.defaults(3)).generate(new Explorer.Listener() {});
    assertTrue(gen.distinct().size() > 3);
    int n = 0;
    for (Explorer.Candidate c : gen.distinct()) {
      Path out = tmp.resolve("replay" + n++);
      CliRun run = CliRun.of("replay", "--trace", file.toString(), "--state", c.id(), "--out", out.toString(),
          "--model", "posix", "--torn", "4");
      assertEquals(0, run.exitCode(), run::toString);
      Matcher m = Pattern.compile("content hash (\\S+)").matcher(run.stdout());
      assertTrue(m.find(), run::toString);
      assertEquals(c.hash(), m.group(1), c.id());
      assertTrue(Files.isDirectory(out));
    }
  }

  @Test
  @DisplayName("long state ids are shown short, kept states are capped, and replay resolves a short id through the report")
  void longIdsAndKeptStates() throws Exception {
    // 150 never-synced appends: random posix states omit dozens of units, far more than 100 characters
    TraceBuilder b = TraceBuilder.create();
    long f = b.create(TraceBuilder.ROOT, "log");
    for (int i = 0; i < 150; i++) {
      b.write(f, 10L * i, "0123456789");
    }
    b.marker("ack");
    Path file = traceFile(b.build());
    Path r = tmp.resolve("r");
    String check = "[ ${#BLACKOUT_STATE_ID} -le 100 ] && exit 1; exit 2";
    CliRun run = CliRun.of("explore", "--trace", file.toString(), "--check", check, "--model", "posix",
        "--strategy", "random", "--budget", "6", "--seed", "3", "--keep-states", "2", "--report", r.toString());
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.stdout().contains("failing states kept in " + r.resolve("states") + ": 2 (4 more not kept"), run::toString);
    RunReport report = ReportJson.read(r);
    assertEquals(6, report.violations().size(), run::toString);
    assertEquals(2, report.violations().stream().filter(v -> v.statePath() != null).count());
    ViolationReport longOne = report.violations().stream().filter(v -> v.fullStateId() != null).findFirst()
        .orElseThrow(() -> new AssertionError("no long id among " + report.violations()));
    assertTrue(longOne.stateId().matches("k\\d+-h[0-9a-f]{16}"), longOne.stateId());
    assertTrue(longOne.fullStateId().length() > 100, longOne.fullStateId());
    assertTrue(longOne.replayCommand().contains("--report " + r), longOne.replayCommand());
    CliRun byShort = CliRun.of("replay", "--trace", file.toString(), "--model", "posix", "--state", longOne.stateId(),
        "--report", r.toString(), "--out", tmp.resolve("a").toString());
    CliRun byFull = CliRun.of("replay", "--trace", file.toString(), "--model", "posix", "--state", longOne.fullStateId(),
        "--out", tmp.resolve("b").toString());
    assertEquals(0, byShort.exitCode(), byShort::toString);
    assertEquals(byFull.stdout().lines().filter(l -> l.startsWith("content hash")).toList(),
        byShort.stdout().lines().filter(l -> l.startsWith("content hash")).toList());
    CliRun noReport = CliRun.of("replay", "--trace", file.toString(), "--model", "posix", "--state", longOne.stateId(),
        "--out", tmp.resolve("c").toString());
    assertTrue(ErrorReportingTest.oneErrorLine(noReport).contains("--report"), noReport::toString);
  }

  @Test
  @DisplayName("a trace with a torn tail is refused, and explored up to its last whole record with --accept-incomplete")
  void tornTail() throws Exception {
    Path file = traceFile(renameWithoutFsync());
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 3);
    }
    CliRun refused = CliRun.of("explore", "--trace", file.toString(), "--check", "true", "--model", "prefix", "--seed", "1");
    assertEquals(2, refused.exitCode(), refused::toString);
    assertEquals(1, refused.stderr().lines().count(), refused::toString);
    assertTrue(refused.stderr().contains("ends in a torn record") && refused.stderr().contains("--accept-incomplete"),
        refused::toString);
    CliRun run = CliRun.of("explore", "--trace", file.toString(), "--check", "true", "--model", "prefix", "--seed", "1",
        "--accept-incomplete");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.stderr().contains("torn record"), run::toString);
  }

  @Test
  @DisplayName("a trace cut on a record boundary (no end record) is refused by explore, and show and replay warn")
  void missingEndRecord() throws Exception {
    Path file = traceFile(renameWithoutFsync());
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 24); // exactly the end-of-trace record
    }
    CliRun refused = CliRun.of("explore", "--trace", file.toString(), "--check", "true", "--seed", "1");
    assertEquals(2, refused.exitCode(), refused::toString);
    assertEquals("blackout: trace file '" + file + "' has no end-of-trace record: the recorder did not stop"
        + " cleanly (killed, or the recording failed), so what the workload did after op 6 may be missing;"
        + " record again, or pass --accept-incomplete to explore the 6 ops it holds", refused.stderr().strip());
    CliRun accepted = CliRun.of("explore", "--trace", file.toString(), "--check", "true", "--seed", "1",
        "--accept-incomplete");
    assertEquals(0, accepted.exitCode(), accepted::toString);
    assertTrue(accepted.stderr().contains("warning: trace file"), accepted::toString);
    CliRun show = CliRun.of("show", "--trace", file.toString());
    assertEquals(0, show.exitCode(), show::toString);
    assertTrue(show.stderr().contains("has no end-of-trace record"), show::toString);
    CliRun replay = CliRun.of("replay", "--trace", file.toString(), "--state", "k6", "--out", tmp.resolve("r").toString());
    assertEquals(0, replay.exitCode(), replay::toString);
    assertTrue(replay.stderr().contains("has no end-of-trace record"), replay::toString);
  }

  @Test
  @DisplayName("replay says what it left out: devices and sockets, counted")
  void replayCountsWhatItLeavesOut() throws Exception {
    TraceBuilder b = TraceBuilder.create();
    b.mknod(TraceBuilder.ROOT, "null", 0020666, 0x103);
    b.mknod(TraceBuilder.ROOT, "zero", 0020666, 0x105);
    b.mknod(TraceBuilder.ROOT, "sock", 0140755, 0);
    Path file = b.writeTo(tmp.resolve("dev.trace"));
    CliRun run = CliRun.of("replay", "--trace", file.toString(), "--state", "k3", "--out", tmp.resolve("r").toString());
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.stdout().contains("left out 2 character devices, 1 socket"), run::toString);
    assertTrue(run.stdout().contains("  null: CHAR_DEVICE not materialized"), run::toString);
  }

  @Test
  @DisplayName("usage errors: one line 'blackout: what; what to do', exit 2")
  void usageErrors() throws Exception {
    Path file = traceFile(renameWithoutFsync());
    List<String[]> bad = List.of(
        new String[] {"explore", "--trace", tmp.resolve("missing").toString(), "--check", "true"},
        new String[] {"explore", "--trace", file.toString(), "--check", "true", "--model", "zfs"},
        new String[] {"explore", "--trace", file.toString(), "--check", "true", "--strategy", "clever"},
        new String[] {"explore", "--trace", file.toString(), "--check", "true", "--shard", "3/2"},
        new String[] {"explore", "--trace", file.toString(), "--check", "true", "--torn", "half"},
        new String[] {"explore", "--trace", file.toString(), "--check", "true", "--budget", "0"},
        new String[] {"replay", "--trace", file.toString(), "--state", "k99", "--out", tmp.resolve("o").toString()},
        new String[] {"replay", "--trace", file.toString(), "--state", "nonsense", "--out", tmp.resolve("o").toString()});
    for (String[] args : bad) {
      CliRun run = CliRun.of(args);
      assertEquals(2, run.exitCode(), run::toString);
      assertEquals(1, run.errLines().size(), run::toString);
      assertTrue(run.stderr().startsWith("blackout: ") && run.stderr().contains("; "), run::toString);
    }
  }

  @Test
  @DisplayName("a trace naming '..' is refused with one line, nothing written outside the state")
  void hostileNames() throws Exception {
    TraceBuilder b = TraceBuilder.create();
    b.add(m -> new dev.blackout.core.trace.TraceOp.Mkdir(m, TraceBuilder.ROOT, "..", 7, 0755));
    Path file = b.writeTo(tmp.resolve("evil.trace"));
    CliRun run = CliRun.of("explore", "--trace", file.toString(), "--check", "true", "--model", "prefix", "--seed", "1");
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(1, run.errLines().size(), run::toString);
    assertTrue(run.stderr().startsWith("blackout: "), run::toString);
    assertFalse(Files.exists(tmp.getParent().resolve("7")), "nothing escaped");
  }

  @Test
  @DisplayName("a check that hangs is timed out on every state: exit 2 with one line, the run completes")
  void hangingCheck() throws Exception {
    Path file = traceFile(renameWithoutFsync());
    CliRun run = CliRun.of("explore", "--trace", file.toString(), "--check", "sleep 30", "--model", "prefix",
        "--timeout", "1", "--jobs", "8", "--seed", "1");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.stdout().contains("violations 0"), run::toString);
    assertEquals(1, run.errLines().size(), run::toString);
    assertTrue(run.stderr().startsWith("blackout: the check could not judge 0 state(s) and timed out on "), run::toString);
  }

  @Test
  @DisplayName("shards together check every distinct state exactly once")
  void shards() throws Exception {
    Path file = traceFile(renameWithoutFsync());
    int total = 0;
    for (int i = 1; i <= 2; i++) {
      CliRun run = CliRun.of("explore", "--trace", file.toString(), "--check", CHECK, "--model", "posix",
          "--seed", "5", "--shard", i + "/2");
      assertTrue(run.exitCode() == 0 || run.exitCode() == 1, run::toString);
      Matcher m = Pattern.compile("checked (\\d+)").matcher(run.stdout());
      assertTrue(m.find(), run::toString);
      total += Integer.parseInt(m.group(1));
    }
    CliRun whole = CliRun.of("explore", "--trace", file.toString(), "--check", CHECK, "--model", "posix", "--seed", "5");
    Matcher m = Pattern.compile("distinct (\\d+), checked (\\d+)").matcher(whole.stdout());
    assertTrue(m.find(), whole::toString);
    assertEquals(Integer.parseInt(m.group(2)), total, "shards together check every distinct state once");
  }
}
