package dev.blackout.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.testing.TraceBuilder;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table, the HTML report and its timeline on hand-made results (no FUSE, no explorer). */
class SuiteReportTest {
  @TempDir Path dir;

  private static Trace trace() {
    TraceBuilder b = TraceBuilder.create().file("db", "old".getBytes(StandardCharsets.UTF_8));
    long tmp = b.create(TraceBuilder.ROOT, "<b>tmp</b>");
    b.write(tmp, 0, "new".getBytes(StandardCharsets.UTF_8));
    b.fsync(tmp);
    b.close(tmp);
    b.rename(TraceBuilder.ROOT, "<b>tmp</b>", TraceBuilder.ROOT, "db");
    b.marker("ack <new>");
    return b.build();
  }

  private SuiteResult result(Outcome verdict) throws Exception {
    Path traceFile = dir.resolve("t.trace");
    Files.deleteIfExists(traceFile);
    Trace t = trace();
    long rename = t.ops().stream().filter(op -> op instanceof dev.blackout.core.trace.TraceOp.Rename)
        .findFirst().orElseThrow().seq();
    long end = t.ops().get(t.ops().size() - 1).seq();
    try (TraceWriter w = TraceWriter.create(traceFile)) {
      w.writeImage(t.image());
      for (var op : t.ops()) {
        w.append(op);
      }
    }
    Scenario s = new RenameWithoutDirFsync();
    Cell.Failure f = new Cell.Failure("k6-o5", "k6-o5", end, "DURABILITY",
        "rename #5 did not persist although marker 'ack <new>' acknowledged it",
        "db lacks the acknowledged update", List.of("ack <new>"), List.of("rename #5"), List.of(),
        List.of(rename), List.of(), "blackout replay --trace t --model posix --state k6-o5 --out DIR",
        "");
    Cell cell = new Cell(s.name(), "posix", verdict, s.expectations().get("posix"), 9, 5, 5, 1, 12,
        "", List.of(f));
    SuiteResult.Recorded rec = new SuiteResult.Recorded(s.name(), s.title(), s.roles(),
        traceFile.toString(), 7, 100, "");
    SuiteOptions o = new SuiteOptions(List.of("posix"), 7, 100, 1, dir, null);
    return new SuiteResult(List.of(rec), List.of(cell), o, 1234);
  }

  @Test
  void tableHasOneRowPerCellAndMarksSurprises() throws Exception {
    List<String> ok = SuiteTable.lines(result(Outcome.D));
    assertTrue(ok.get(1).matches("RenameWithoutDirFsync\\s+posix\\s+D\\s+D\\s+9\\s+5\\s+5\\s+1\\s+0\\.0 s"),
        ok.get(1));
    assertEquals("scenarios: 1, cells: 1, as expected: 1", result(Outcome.D).lastLine());
    List<String> bad = SuiteTable.lines(result(Outcome.A));
    assertTrue(bad.get(1).contains("A !"), bad.get(1));
    assertTrue(bad.stream().anyMatch(l -> l.startsWith("! RenameWithoutDirFsync under posix: got A,"
        + " expected D")), bad.toString());
    assertEquals("scenarios: 1, cells: 1, as expected: 0", result(Outcome.A).lastLine());
  }

  @Test
  void htmlIsSelfContainedEscapedAndDrawsTheTimeline() throws Exception {
    Path html = SuiteReport.write(result(Outcome.D), dir.resolve("report"));
    String page = Files.readString(html);
    assertFalse(page.contains("<b>tmp</b>") || page.contains("ack <new>"), "names are escaped");
    assertTrue(page.contains("&lt;b&gt;tmp&lt;/b&gt; \u2192 db"), "the renamed file's row");
    assertTrue(page.contains("crash after #" + trace().ops().size()));
    assertTrue(page.contains("LOST in this state"), "the lost rename is highlighted");
    assertTrue(page.contains("stroke-dasharray=\"4,3\""), "the fsync is drawn as a barrier");
    assertFalse(page.contains("<script") || page.contains("src=\"http") || page.contains("href=\"http"));
    assertTrue(Files.exists(dir.resolve("report").resolve(SuiteReport.JSON)));
  }

  @Test
  void timelineLeavesOutOpensAndReleasesAndKeepsMarkers() {
    Timeline t = Timeline.of(trace());
    assertEquals(1, t.lanes.size(), t.lanes.toString());
    assertEquals(List.of("C", "W", "S", "R", "!"),
        t.events.stream().map(Timeline.Event::glyph).toList());
    assertTrue(t.events.get(2).barrier());
  }
}
