package dev.blackout.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few scenarios end to end through the real FUSE recorder under all four models: each workload
 * runs as its own process (two at once for the shared log), and every cell must get the verdict
 * the catalog expects. Keeps the work directory when it fails.
 */
class SuiteRunnerIT {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) static Path work;

  static SuiteResult result;

  @BeforeAll
  static void run() throws Exception {
    FuseRequirement.check();
    List<Scenario> picked = Catalog.select(List.of("RenameWithoutFsync", "RenameWithDirFsync",
        "BufferedFlushWithoutFsync", "SharedLogTwoProcesses"));
    SuiteOptions o = new SuiteOptions(Scenario.MODELS, 1, 200, 2, work, Duration.ofMinutes(2));
    result = new SuiteRunner(o, SuiteListener.NONE).run(picked);
  }

  @Test
  void everyCellIsAsExpected() {
    String table = String.join("\n", SuiteTable.lines(result));
    assertEquals(16, result.cells().size(), table);
    assertTrue(result.allAsExpected(), table);
    assertEquals("scenarios: 4, cells: 16, as expected: 16", result.lastLine());
  }

  @Test
  void traceHoldsBothProcessesAndTheirMarkers() throws Exception {
    SuiteResult.Recorded shared = result.recordings().get(3);
    assertEquals("SharedLogTwoProcesses", shared.scenario());
    var trace = dev.blackout.core.trace.TraceReader.read(Path.of(shared.trace()));
    long markers = trace.ops().stream()
        .filter(op -> op instanceof dev.blackout.core.trace.TraceOp.Marker).count();
    assertEquals(2L * SharedLogTwoProcesses.PER_PROCESS, markers);
    long writers = trace.ops().stream()
        .filter(op -> op instanceof dev.blackout.core.trace.TraceOp.Write)
        .map(op -> op.meta().pid()).distinct().count();
    assertEquals(2, writers, "two workload processes wrote the shared log");
  }

  @Test
  void violationsAreExplainedWithAReplayCommand() {
    Cell posix = result.cells().stream()
        .filter(c -> c.scenario().equals("RenameWithoutFsync") && c.model().equals("posix"))
        .findFirst().orElseThrow();
    assertTrue(!posix.failures().isEmpty(), posix.toString());
    Cell.Failure f = posix.failures().get(0);
    assertTrue(f.replay().startsWith("blackout replay --trace "), f.replay());
    assertTrue(f.replay().contains("--model posix") && f.replay().contains("--state "), f.replay());
    assertTrue(!f.explanation().isBlank() && !f.checkerOutput().isBlank(), f.toString());
  }

  @Test
  void reportIsWrittenAsHtmlAndJson() throws Exception {
    Path html = SuiteReport.write(result, work.resolve("report"));
    String page = Files.readString(html);
    assertTrue(page.contains("scenarios: 4, cells: 16, as expected: 16"));
    assertTrue(!page.contains("src=\"http") && !page.contains("href=\"http")
        && !page.contains("<script") && !page.contains("<link"), "no network in the report");
    SuiteResult back = SuiteReport.readJson(work.resolve("report").resolve(SuiteReport.JSON));
    assertEquals(result.lastLine(), back.lastLine());
    assertTrue(result.cells().equals(back.cells()), "scenarios.json reads back the same cells");
  }
}
