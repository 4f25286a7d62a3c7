package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.check.Shard;
import dev.blackout.scenarios.Cell;
import dev.blackout.scenarios.Expectation;
import dev.blackout.scenarios.Outcome;
import dev.blackout.scenarios.ShardedSuite;
import dev.blackout.scenarios.SuiteOptions;
import dev.blackout.scenarios.SuiteResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code blackout merge-reports} on shard reports built by hand (no FUSE): the merge equals the
 * whole, and every way the reports can be wrong is one line and exit 2. Also {@code
 * BLACKOUT_SHARD}.
 */
@DisplayName("blackout merge-reports")
@ExtendWith(PrivateTmpdir.class)
class MergeReportsCommandTest {
  private static final List<String> MODELS = List.of("prefix", "drop-unsynced", "ext4-ordered",
      "posix");
  private static final List<String> SCENARIOS = List.of("Alpha", "Beta", "Gamma", "Delta");

  @TempDir Path tmp;

  /** The whole suite: every cell as expected except Gamma/posix when {@code oneWrong}. */
  private static SuiteResult whole(boolean oneWrong) {
    List<SuiteResult.Recorded> recs = new ArrayList<>();
    List<Cell> cells = new ArrayList<>();
    int n = 0;
    for (String s : SCENARIOS) {
      recs.add(new SuiteResult.Recorded(s, "title " + s, List.of("main"), "/t/" + s, 5, 10, ""));
      for (String m : MODELS) {
        n++;
        Outcome expected = n % 3 == 0 ? Outcome.A : n % 3 == 1 ? Outcome.OK : Outcome.D;
        Outcome got = oneWrong && s.equals("Gamma") && m.equals("posix") ? Outcome.ERROR : expected;
        cells.add(new Cell(s, m, got, Expectation.of(expected, "src"), n, n, n, n % 2, 7, "",
            List.of()));
      }
    }
    return new SuiteResult(recs, cells,
        new SuiteOptions(MODELS, 1, 300, 2, Path.of("/w"), null), 100);
  }

  /** Writes shard i/n of {@code all} the way {@code scenarios --shard} does; returns its JSON. */
  private Path shardReport(SuiteResult all, int i, int n) throws Exception {
    Shard shard = new Shard(i, n);
    List<Cell> mine = all.cells().stream()
        .filter(c -> shard.owns(ShardedSuite.key(c.scenario(), c.model()))).toList();
    List<SuiteResult.Recorded> recs = all.recordings().stream()
        .filter(r -> mine.stream().anyMatch(c -> c.scenario().equals(r.scenario()))).toList();
    SuiteResult part = new SuiteResult(recs, mine, all.options(), 30 + i);
    List<String> keys = all.cells().stream()
        .map(c -> ShardedSuite.key(c.scenario(), c.model())).toList();
    Path dir = tmp.resolve("shard" + i);
    ShardedSuite.write(part, shard, keys, dir);
    return dir.resolve("scenarios.json");
  }

  private static CliRun merge(Path out, Path... reports) {
    List<String> args = new ArrayList<>(List.of("merge-reports", "--out", out.toString()));
    for (Path p : reports) {
      args.add(p.toString());
    }
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  @DisplayName("three shards merge into the whole suite, cell by cell; exit 0")
  void mergesToTheWhole() throws Exception {
    SuiteResult all = whole(false);
    Path out = tmp.resolve("merged");
    CliRun run = merge(out, shardReport(all, 2, 3), shardReport(all, 3, 3), shardReport(all, 1, 3));
    assertEquals(0, run.exitCode(), run::toString);
    List<String> lines = run.outLines();
    assertEquals("scenarios: 4, cells: 16, as expected: 16", lines.get(lines.size() - 1),
        run::toString);
    assertTrue(lines.get(0).startsWith("scenario ") && lines.get(0).contains("violations"),
        run::toString);
    assertTrue(Files.exists(out.resolve("report.html")));
    SuiteResult merged = ShardedSuite.read(out.resolve("scenarios.json")).result();
    assertEquals(all.cells(), merged.cells(), "cells in suite order, equal");
    assertEquals(all.recordings(), merged.recordings());
    assertEquals(33, merged.millis(), "the longest shard's time");
    // every shard non-empty here, so the test really merges three parts
    for (int i = 1; i <= 3; i++) {
      Shard s = new Shard(i, 3);
      assertTrue(all.cells().stream().anyMatch(c -> s.owns(ShardedSuite.key(c.scenario(),
          c.model()))), "shard " + s + " owns a cell");
    }
  }

  @Test
  @DisplayName("a cell not as expected in one shard makes the merge exit 1 and marks it")
  void notAsExpected() throws Exception {
    SuiteResult all = whole(true);
    CliRun run = merge(tmp.resolve("m"), shardReport(all, 1, 2), shardReport(all, 2, 2));
    assertEquals(1, run.exitCode(), run::toString);
    List<String> lines = run.outLines();
    assertEquals("scenarios: 4, cells: 16, as expected: 15", lines.get(lines.size() - 1));
    assertTrue(run.stdout().contains("! Gamma under posix: got error"), run::toString);
  }

  @Test
  @DisplayName("a missing shard names the missing cells; exit 2, one line")
  void missingShard() throws Exception {
    SuiteResult all = whole(false);
    Shard third = new Shard(3, 3);
    List<String> lost = all.cells().stream().map(c -> ShardedSuite.key(c.scenario(), c.model()))
        .filter(third::owns).toList();
    CliRun run = merge(tmp.resolve("m"), shardReport(all, 1, 3), shardReport(all, 2, 3));
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(1, run.errLines().size(), run::toString);
    assertTrue(run.stderr().contains(lost.size() + " cell"), run::toString);
    for (String k : lost) {
      assertTrue(run.stderr().contains(k), k + " named: " + run);
    }
    assertFalse(Files.exists(tmp.resolve("m").resolve("scenarios.json")), "nothing written");
  }

  @Test
  @DisplayName("the same shard twice is an overlap; exit 2, one line naming the cell")
  void overlap() throws Exception {
    SuiteResult all = whole(false);
    Path one = shardReport(all, 1, 2);
    Path copy = tmp.resolve("copy.json");
    Files.copy(one, copy);
    CliRun run = merge(tmp.resolve("m"), one, shardReport(all, 2, 2), copy);
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(1, run.errLines().size(), run::toString);
    assertTrue(run.stderr().contains("overlapping shards"), run::toString);
  }

  @Test
  @DisplayName("a missing file, a damaged file, a non-report, mixed splits: one line, exit 2")
  void badReports() throws Exception {
    SuiteResult all = whole(false);
    Path good = shardReport(all, 1, 2);
    Path truncated = tmp.resolve("trunc.json");
    String text = Files.readString(good);
    Files.writeString(truncated, text.substring(0, text.length() / 2));
    Path other = tmp.resolve("other.json");
    Files.writeString(other, "{\"hello\": 1}\n");
    Path notJson = tmp.resolve("bin.json");
    Files.write(notJson, new byte[] {0, 1, 2, 3});
    Map<String, Path[]> cases = Map.of(
        "does not exist", new Path[] {good, tmp.resolve("nope.json")},
        "damaged", new Path[] {good, truncated},
        "not a scenarios report", new Path[] {good, other},
        "damaged:", new Path[] {notJson},
        "not the same split", new Path[] {good, shardReport(all, 2, 3)});
    for (var e : cases.entrySet()) {
      CliRun run = merge(tmp.resolve("m"), e.getValue());
      assertEquals(2, run.exitCode(), e.getKey() + ": " + run);
      assertEquals(1, run.errLines().size(), e.getKey() + ": " + run);
      assertTrue(run.stderr().startsWith("blackout: ") && run.stderr().contains(e.getKey()),
          e.getKey() + ": " + run);
    }
    CliRun noArgs = CliRun.of("merge-reports", "--out", tmp.resolve("m").toString());
    assertEquals(2, noArgs.exitCode(), noArgs::toString);
  }

  @Test
  @DisplayName("a directory holding scenarios.json is accepted for the report")
  void directories() throws Exception {
    SuiteResult all = whole(false);
    CliRun run = merge(tmp.resolve("m"), shardReport(all, 1, 2).getParent(),
        shardReport(all, 2, 2).getParent());
    assertEquals(0, run.exitCode(), run::toString);
  }

  /** Runs a command with {@code env} as its environment. */
  private static CliRun withEnv(String name, Map<String, String> env, String... args) {
    CommandLine cli = Main.newCommandLine();
    Object cmd = cli.getSubcommands().get(name).getCommand();
    if (cmd instanceof ScenariosCommand s) {
      s.env = env;
    } else {
      ((ExploreCommand) cmd).env = env;
    }
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  @Test
  @DisplayName("BLACKOUT_SHARD: used when --shard is absent, --shard wins, bad text is one line")
  void shardFromEnvironment() {
    assertEquals(new Shard(2, 5), ShardOption.resolve(null, Map.of("BLACKOUT_SHARD", "2/5")));
    assertEquals(new Shard(1, 5), ShardOption.resolve("1/5", Map.of("BLACKOUT_SHARD", "2/5")));
    assertEquals(null, ShardOption.resolve(null, Map.of()));
    assertEquals(null, ShardOption.resolve(null, Map.of("BLACKOUT_SHARD", " ")));
    for (String cmd : List.of("scenarios", "explore")) {
      String[] args = cmd.equals("scenarios")
          ? new String[] {"scenarios", "--only", "OverwriteInPlace"}
          : new String[] {"explore", "--trace", "/nonexistent.trace", "--check", "true"};
      CliRun run = withEnv(cmd, Map.of("BLACKOUT_SHARD", "4/3"), args);
      assertEquals(2, run.exitCode(), cmd + ": " + run);
      assertEquals(1, run.errLines().size(), cmd + ": " + run);
      assertTrue(run.stderr().contains("BLACKOUT_SHARD: shard '4/3': index must be in 1..3"),
          cmd + ": " + run);
      assertEquals("", run.stdout(), cmd + ": nothing ran: " + run);
    }
  }

  @Test
  @DisplayName("explore: BLACKOUT_SHARD=1/2 and 2/2 together check what the whole run checks")
  void exploreShardFromEnvironment() throws Exception {
    dev.blackout.core.testing.TraceBuilder b = dev.blackout.core.testing.TraceBuilder.create()
        .file("db", "old-content".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    long t = b.create(dev.blackout.core.testing.TraceBuilder.ROOT, "db.tmp");
    b.write(t, 0, "new-content");
    b.close(t);
    b.rename(dev.blackout.core.testing.TraceBuilder.ROOT, "db.tmp",
        dev.blackout.core.testing.TraceBuilder.ROOT, "db");
    b.marker("ack");
    Path file = b.writeTo(tmp.resolve("t.trace"));
    String[] args = {"explore", "--trace", file.toString(), "--check", ExploreCommandTest.CHECK,
        "--model", "posix", "--seed", "5"};
    java.util.regex.Pattern checked = java.util.regex.Pattern.compile("checked (\\d+)");
    int total = 0;
    int parts = 0;
    for (int i = 1; i <= 2; i++) {
      CliRun run = withEnv("explore", Map.of("BLACKOUT_SHARD", i + "/2"), args);
      assertTrue(run.exitCode() == 0 || run.exitCode() == 1, run::toString);
      java.util.regex.Matcher m = checked.matcher(run.stdout());
      assertTrue(m.find(), run::toString);
      total += Integer.parseInt(m.group(1));
      parts += Integer.parseInt(m.group(1)) > 0 ? 1 : 0;
    }
    CliRun whole = withEnv("explore", Map.of(), args);
    java.util.regex.Matcher m = checked.matcher(whole.stdout());
    assertTrue(m.find(), whole::toString);
    int all = Integer.parseInt(m.group(1));
    assertEquals(all, total, "the two env shards check every state once");
    assertTrue(all > 2 && parts == 2, "both shards did some of the work: " + whole);
  }

  @Test
  @DisplayName("scenarios --backing-root that is not a directory: one line, exit 2, nothing run")
  void badBackingRoot() {
    CliRun run = CliRun.of("scenarios", "--only", "OverwriteInPlace", "--backing-root",
        tmp.resolve("absent").toString());
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(1, run.errLines().size(), run::toString);
    assertTrue(run.stderr().contains("--backing-root " + tmp.resolve("absent")
        + " is not a directory"), run::toString);
    assertEquals("", run.stdout(), run::toString);
  }
}
