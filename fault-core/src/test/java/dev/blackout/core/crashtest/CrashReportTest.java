package dev.blackout.core.crashtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.check.CheckResult;
import dev.blackout.core.check.Verdict;
import dev.blackout.core.explore.Exploration;
import dev.blackout.core.explore.Violation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrashReportTest {

  static Violation violation(String id, String min, Verdict.Kind c, String explanation, String output) {
    CheckResult.Outcome o = c.isViolation() ? CheckResult.Outcome.FAIL : CheckResult.Outcome.ERROR;
    return new Violation(id, 9, min, o, c, explanation, explanation, output, List.of("put a", "put b"),
        List.of(), List.of(), List.of(), "/w/states-posix/" + id);
  }

  static Exploration exploration(List<Violation> vs) {
    List<Exploration.Cause> causes = vs.stream()
        .map(v -> new Exploration.Cause(v.classification(), v.explanation(), 1, v.minimizedId())).toList();
    return new Exploration(20, 10, 10, vs, causes, 12, 4, false);
  }

  @Test
  void aPassingReportHasNoFailuresAndNoMessage() {
    CrashReport r = new CrashReport(5, Map.of("posix", exploration(List.of())), null, null);
    assertTrue(r.passed());
    assertEquals("", r.failureMessage());
    assertTrue(r.failures().isEmpty());
  }

  @Test
  void theMessageLeadsWithTheWorstCauseAndSumsUpTheRest() {
    List<Violation> vs = List.of(
        violation("k9-o2", "k9-o2", Verdict.Kind.DURABILITY, "rename #5 did not persist", "lost a"),
        violation("k9-o3", "k9-o3", Verdict.Kind.DURABILITY, "write #3 did not persist", "lost b"),
        violation("k9-o4,7", "k9-o4", Verdict.Kind.ORDERING, "rename #7 persisted while write #4 did not",
            "value is '' ==> expected: <true> but was: <false>\n\norg.opentest4j.AssertionFailedError: ...\n\tat x"),
        violation("k9-o6", "k9-o6", Verdict.Kind.DURABILITY, "create #6 did not persist", "lost c"),
        violation("k9-o8", "k9-o8", Verdict.Kind.CHECKER_ERROR, "NullPointerException", "npe"));
    Map<String, Exploration> m = new LinkedHashMap<>();
    m.put("prefix", exploration(List.of()));
    m.put("posix", exploration(vs));
    CrashReport r = new CrashReport(42, m, Path.of("/w/trace"), Path.of("/w"));
    assertFalse(r.passed());
    assertEquals(5, r.failures().size());
    String java = ReplayTool.javaJar();
    assertEquals(java + " replay --trace /w/trace --model posix --state k9-o4 --out DIR",
        r.failures().get(2).replayCommand());
    assertEquals(String.join("\n",
        "crash test failed under posix: 5 of 10 checked crash states fail, 5 causes",
        "  ORDERING: rename #7 persisted while write #4 did not",
        "    fix: a later operation reached the disk before an earlier one; fsync in between (e.g. the"
            + " file before renaming it)",
        "    check said: value is ''",
        "    state k9-o4 (acknowledged: 2 markers, the last 'put b'), kept unminimized in /w/states-posix/k9-o4,7",
        "    replay: " + java + " replay --trace /w/trace --model posix --state k9-o4 --out DIR",
        "  also DURABILITY: rename #5 did not persist (state k9-o2)",
        "  also DURABILITY: write #3 did not persist (state k9-o3)",
        "  ... and 2 more causes",
        "seed 42; trace and failing states kept in /w")
        + (ReplayTool.found() ? "" : "\nreplay needs the executable jar dev.blackout:fault-cli:"
            + ReplayTool.VERSION + ": mvn dependency:copy -Dartifact=dev.blackout:fault-cli:"
            + ReplayTool.VERSION + " -DoutputDirectory=target"),
        r.failureMessage());
    assertTrue(ReplayTool.VERSION.matches("[0-9].*"), ReplayTool.VERSION);
  }

  @Test
  void coverageSaysWhetherTheBudgetCutTheExplorationAndWhetherItWasExhaustive() {
    Exploration cut = new Exploration(835, 200, 200, List.of(), List.of(), 40, 12, false, true, 5400);
    CrashReport r = new CrashReport(0, Map.of("posix", cut), null, null, 200, false);
    assertEquals("posix: 12 of 40 crash points visited, 835 states generated, 200 distinct,"
        + " 200 checked, 0 failing; the budget (200 distinct states) cut the exploration (~5400"
        + " states estimated)",
        r.coverageSummary());
    assertEquals("true", r.coverage().get("posix").entries().get("blackout.posix.budgetHit"));
    Exploration all = new Exploration(50, 20, 20, List.of(), List.of(), 40, 12, false, false, 20);
    CrashReport ex = new CrashReport(0, Map.of("posix", all), null, null, Integer.MAX_VALUE, true);
    assertTrue(ex.coverage().get("posix").exhaustive());
    assertTrue(ex.coverageSummary().endsWith(" failing; exhaustive: every crash state of the"
        + " visited crash points was checked (torn writes: one at a time)"), ex.coverageSummary());
    Exploration bounded = new Exploration(50, 20, 20, List.of(), List.of(), 40, 12, true, false, -1);
    CrashReport nb = new CrashReport(0, Map.of("posix", bounded), null, null, Integer.MAX_VALUE, true);
    assertFalse(nb.coverage().get("posix").exhaustive());
    assertTrue(nb.coverageSummary().endsWith("NOT exhaustive: the enumeration stopped at its bound"
        + " (4096 states) at some crash point"), nb.coverageSummary());
  }

  @Test
  void theReplayJarIsFoundBesideTheLibrary() {
    assertEquals(Path.of("/r/dev/blackout/fault-cli/1.2/fault-cli-1.2.jar"), ReplayTool.candidate(
        Path.of("/r/dev/blackout/fault-core/1.2/fault-core-1.2.jar")).orElseThrow());
    assertEquals(Path.of("/src/fault-cli/target/blackout.jar"), ReplayTool.candidate(
        Path.of("/src/fault-core/target/classes")).orElseThrow());
    assertEquals(Path.of("/src/fault-cli/target/blackout.jar"), ReplayTool.candidate(
        Path.of("/src/fault-core/target/fault-core-1.2.jar")).orElseThrow());
    assertTrue(ReplayTool.candidate(Path.of("/elsewhere/classes")).isEmpty());
  }

  @Test
  void theCheckerMessageDropsTheStackTraceAndLongTails() {
    assertEquals("a / b / c ...", CrashReport.checkerMessage("a\nb\nc\nd\n\nstack"));
    assertEquals("expected: <1> but was: <2>", CrashReport.checkerMessage("expected: <1> but was: <2>"));
    assertEquals("", CrashReport.checkerMessage(""));
  }
}
