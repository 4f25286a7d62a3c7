package dev.blackout.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI's reduced calibration: the suite's CI workloads on ext4 in one guest (one logged run, one
 * power cut, a short settle), compared with ext4-ordered and posix; and the prefix model against
 * kill -9 on the host. Every real state must be a model state.
 */
class CalibrationIT {
  @TempDir Path tmp;

  @Test
  void ciWorkloadsOnExt4MissNoRealState() throws Exception {
    RequireGuest.check(true);
    List<String> names = Suite.NAMES.stream().filter(Suite::inCi).toList();
    assertTrue(names.size() >= 5, names.toString());
    List<Workload> ws = Suite.materialize(tmp.resolve("suite"), names);
    Calibration.Options o = Calibration.Options.defaults().withPowerCuts(1).withReorderings(16)
        .withSlowDisk(false).withSettleSeconds(12);
    StringWriter out = new StringWriter();
    Calibration.Report r = Calibration.run(ws, o, tmp.resolve("run"), new PrintWriter(out), new PrintWriter(System.err, true));
    String table = out.toString();
    System.out.println(table);
    assertEquals(0, r.exitStatus(), table);
    assertEquals(names.size() * 2, r.cells().size());
    for (Calibration.Cell c : r.cells()) {
      assertTrue(c.realStates() > 0 && c.modelStates() >= c.realStates(), c.toString());
      assertEquals(c.realStates(), c.hits(), "every real state is a model state: " + c);
    }
    assertTrue(r.replayStates() > 0 && r.kernel().startsWith("linux-image-"), table);
    assertTrue(r.mountOptions().contains("dioread_nolock"), "the default mount options of this kernel: " + r.mountOptions());
    String[] lines = table.strip().split("\n");
    assertTrue(lines[lines.length - 1].matches("real states: \\d+, model states: \\d+, misses: 0, precision: \\d+%"),
        lines[lines.length - 1]);
  }

  @Test
  void prefixHoldsAgainstKillsOnTheHost() throws Exception {
    RequireGuest.check(false);
    List<Workload> ws = Suite.materialize(tmp.resolve("suite"), List.of("rename-over-no-fsync", "append-fdatasync"));
    Calibration.Options o = Calibration.Options.defaults().withModels(List.of("prefix"));
    StringWriter out = new StringWriter();
    Calibration.Report r = Calibration.run(ws, o, tmp.resolve("run"), new PrintWriter(out), new PrintWriter(System.err, true));
    System.out.println(out);
    assertEquals(0, r.exitStatus(), out.toString());
    for (Calibration.Cell c : r.cells()) {
      assertTrue(c.realStates() >= 2, "the kills found more than the end state: " + c);
    }
  }
}
