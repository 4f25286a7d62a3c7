package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.scenarios.Cell;
import dev.blackout.scenarios.ShardedSuite;
import dev.blackout.scenarios.SuiteResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shard/merge equivalence: a small suite run whole, and as three shards in three child JVMs
 * (standing in for three VMs) merged with {@code blackout merge-reports}, give the same cells.
 */
@DisplayName("scenarios --shard I/N + merge-reports equal the unsharded run")
class MergeReportsCommandIT {
  private static final List<String> SUITE = List.of("--only", "OverwriteInPlace",
      "RenameWithoutFsync", "AppendLogFdatasync", "--budget", "40", "--seed", "3");

  @Test
  @DisplayName("3 shards as 3 processes, merged, equal the whole run cell by cell")
  void shardsMergeToTheWhole(@TempDir Path tmp) throws Exception {
    boolean required = !"false".equals(System.getProperty("blackout.requireFuse", "true"));
    if (!Files.exists(Path.of("/dev/fuse")) && !required) {
      Assumptions.abort("FUSE is missing and blackout.requireFuse=false was set by hand");
    }
    List<String> args = new ArrayList<>(List.of("scenarios", "--report",
        tmp.resolve("whole").toString()));
    args.addAll(SUITE);
    CliRun whole = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, whole.exitCode(), whole::toString);

    Path root = Files.createDirectories(tmp.resolve("backing-root"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> shards = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      List<String> cmd = new ArrayList<>(List.of(java, "-cp",
          System.getProperty("java.class.path"), Main.class.getName(), "scenarios", "--shard",
          i + "/3", "--report", tmp.resolve("shard" + i).toString(),
          "--backing-root", root.toString()));
      cmd.addAll(SUITE);
      shards.add(new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(tmp.resolve("shard" + i + ".log").toFile()).start());
    }
    for (int i = 0; i < 3; i++) {
      Process p = shards.get(i);
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "shard " + (i + 1) + " finished");
      String log = Files.readString(tmp.resolve("shard" + (i + 1) + ".log"));
      assertEquals(0, p.exitValue(), "shard " + (i + 1) + "/3:\n" + log);
      assertTrue(log.contains("shard " + (i + 1) + "/3: "), log);
    }
    Path out = tmp.resolve("merged");
    CliRun merged = CliRun.of("merge-reports", "--out", out.toString(),
        tmp.resolve("shard1/scenarios.json").toString(),
        tmp.resolve("shard2/scenarios.json").toString(),
        tmp.resolve("shard3/scenarios.json").toString());
    assertEquals(0, merged.exitCode(), merged::toString);
    List<String> wl = whole.outLines();
    List<String> ml = merged.outLines();
    assertEquals("scenarios: 3, cells: 12, as expected: 12", ml.get(ml.size() - 1), merged::toString);
    assertEquals(wl.get(wl.size() - 1), ml.get(ml.size() - 1));

    List<Cell> a = ShardedSuite.read(tmp.resolve("whole/scenarios.json")).result().cells();
    SuiteResult m = ShardedSuite.read(out.resolve("scenarios.json")).result();
    assertEquals(12, a.size());
    assertEquals(a.size(), m.cells().size());
    for (int i = 0; i < a.size(); i++) {
      Cell x = a.get(i);
      Cell y = m.cells().get(i);
      String at = x.scenario() + "/" + x.model() + " vs " + y.scenario() + "/" + y.model();
      assertEquals(x.scenario(), y.scenario(), at);
      assertEquals(x.model(), y.model(), at);
      assertEquals(x.verdict(), y.verdict(), at);
      assertEquals(x.expectation(), y.expectation(), at);
      assertEquals(x.generated(), y.generated(), at + " generated");
      assertEquals(x.distinct(), y.distinct(), at + " distinct");
      assertEquals(x.checked(), y.checked(), at + " checked");
      assertEquals(x.violations(), y.violations(), at + " violations");
    }
    assertEquals(3, m.recordings().size());
    assertTrue(Files.exists(out.resolve("report.html")));
    for (SuiteResult.Recorded r : m.recordings()) {
      assertTrue(r.trace().startsWith(root.toString()) && Files.exists(Path.of(r.trace())),
          "recorded under --backing-root: " + r.trace());
    }
  }
}
