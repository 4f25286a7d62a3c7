package dev.blackout.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJsonTest {

  @TempDir Path dir;

  static RunReport sample() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("torn", "page");
    options.put("strategy", "minimal,omit-one");
    options.put("jobs", "2");
    ViolationReport ordering =
        new ViolationReport(
            "k14-o12",
            14,
            List.of("create #3 'tmp'", "rename #14 'tmp' -> 'db'"),
            List.of("write #12 'tmp' [0, 4096)"),
            List.of(),
            List.of("ack txn 1", "file db sha256=" + "a".repeat(64)),
            CheckResult.Outcome.FAIL,
            Verdict.Kind.ORDERING,
            "db: neither old nor new content\n[blackout: exit status 1]",
            "rename #14 'tmp'->'db' persisted while write #12 to 'tmp' [0, 4096) did not",
            "blackout replay --trace t.trace --state k14-o12 --out DIR",
            "/tmp/blackout-states/k14-o12");
    ViolationReport timeout =
        new ViolationReport(
            "k20",
            20,
            List.of(),
            List.of(),
            List.of("write #19 'log' [4096, 8192) kept [4096, 4608)"),
            List.of(),
            CheckResult.Outcome.TIMEOUT,
            Verdict.Kind.TIMEOUT,
            "",
            "",
            "blackout replay --trace t.trace --state k20 --out DIR",
            null);
    return RunReport.of(
        "t.trace",
        "ext4-ordered",
        options,
        42L,
        1000L,
        new Shard(2, 3),
        new Counts(120, 80, 27, 1, 0, 1),
        Pruning.of(40, 9),
        5123,
        List.of(ordering, timeout));
  }

  @Test
  void aReportSurvivesWriteAndRead() throws IOException {
    RunReport report = sample();
    Path file = ReportJson.write(report, dir.resolve("out/nested"));
    assertEquals(dir.resolve("out/nested/report.json"), file);
    RunReport back = ReportJson.read(dir.resolve("out/nested"));
    assertEquals(report, back);
    assertEquals(back, ReportJson.read(file), "the file itself can be given");
    assertFalse(Files.exists(dir.resolve("out/nested/report.json.tmp")), "no temporary left");
    assertNull(back.violations().get(1).statePath());
    assertEquals(31, back.pruning().saved());
  }

  @Test
  void theJsonIsPrettyWithAFixedFieldOrderAndSortedOptions() {
    String json = ReportJson.toJson(sample());
    assertTrue(json.startsWith("{\n  \"formatVersion\" : 1,\n  \"trace\" : \"t.trace\",\n"), json);
    List<String> topLevel = new ArrayList<>();
    json.lines()
        .filter(l -> l.startsWith("  \""))
        .forEach(l -> topLevel.add(l.substring(3, l.indexOf('"', 3))));
    assertEquals(
        List.of(
            "formatVersion",
            "trace",
            "model",
            "options",
            "seed",
            "budget",
            "shard",
            "counts",
            "pruning",
            "durationMillis",
            "violations"),
        topLevel);
    assertTrue(
        json.indexOf("\"jobs\"") < json.indexOf("\"strategy\"")
            && json.indexOf("\"strategy\"") < json.indexOf("\"torn\""),
        "options sorted: " + json);
    assertTrue(
        json.indexOf("\"stateId\"") < json.indexOf("\"crashPoint\"")
            && json.indexOf("\"classification\"") < json.indexOf("\"persisted\""),
        json);
    assertTrue(json.contains("\"shard\" : \"2/3\""));
    assertTrue(json.contains("\"classification\" : \"ORDERING\""));
    assertEquals(json, ReportJson.toJson(sample()), "byte-identical for the same report");
    assertTrue(json.endsWith("}\n"));
  }

  @Test
  void anUnboundedBudgetIsNull() throws IOException {
    RunReport r = sample();
    RunReport unbounded =
        new RunReport(
            1,
            r.trace(),
            r.model(),
            r.options(),
            r.seed(),
            null,
            r.shard(),
            r.counts(),
            r.pruning(),
            r.durationMillis(),
            r.violations());
    String json = ReportJson.toJson(unbounded);
    assertTrue(json.contains("\"budget\" : null"));
    assertEquals(unbounded, ReportJson.fromJson(json));
  }

  @Test
  void writingAgainReplacesTheReport() throws IOException {
    ReportJson.write(sample(), dir);
    RunReport r = sample();
    RunReport second =
        RunReport.of(
            "other.trace",
            "posix",
            Map.of(),
            1,
            null,
            Shard.ALL,
            new Counts(0, 0, 0, 0, 0, 0),
            Pruning.of(0, 0),
            0,
            List.of());
    ReportJson.write(second, dir);
    assertEquals(second, ReportJson.read(dir));
    assertFalse(r.equals(second));
  }

  @Test
  void aMissingReportSaysWhatToDo() {
    IOException e = assertThrows(IOException.class, () -> ReportJson.read(dir));
    assertEquals(
        "report "
            + dir.resolve("report.json")
            + " does not exist: give a --report directory of an earlier run",
        e.getMessage());
  }

  @Test
  void corruptOrInvalidReportsGetOneLineErrors() throws IOException {
    Path file = dir.resolve("report.json");
    for (String bad :
        List.of(
            "{ \"formatVersion\" : 1, \"trace\" : ",
            "[1, 2]",
            "",
            ReportJson.toJson(sample()).replace("\"shard\" : \"2/3\"", "\"shard\" : \"4/3\""),
            ReportJson.toJson(sample())
                .replace("\"formatVersion\" : 1", "\"formatVersion\" : 9"))) {
      Files.writeString(file, bad);
      IOException e = assertThrows(IOException.class, () -> ReportJson.read(dir), bad);
      assertTrue(e.getMessage().startsWith("report " + file + ": "), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
    Files.writeString(
        file, ReportJson.toJson(sample()).replace("\"shard\" : \"2/3\"", "\"shard\" : \"4/3\""));
    IOException e = assertThrows(IOException.class, () -> ReportJson.read(dir));
    assertTrue(e.getMessage().contains("shard '4/3': index must be in 1..3"), e.getMessage());
  }

  @Test
  void unknownFieldsFromANewerMinorVersionAreIgnored() throws IOException {
    String json =
        ReportJson.toJson(sample())
            .replace("\"seed\" : 42,", "\"seed\" : 42, \"host\" : \"ci-7\",");
    assertEquals(sample(), ReportJson.fromJson(json));
  }

  @Test
  void summaryLineIsExactlyTheContract() {
    assertEquals(
        "states: generated 120, distinct 80, checked 27, violations 1",
        Summary.line(sample().counts()));
    assertEquals(
        "states: generated 0, distinct 0, checked 0, violations 0", Summary.line(0, 0, 0, 0));
  }

  @Test
  void countsAndPruningRejectImpossibleNumbers() {
    assertThrows(IllegalArgumentException.class, () -> new Counts(1, 2, 0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Counts(5, 5, 2, 2, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new Pruning(10, 4, 5));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ViolationReport(
                "k1",
                1,
                null,
                null,
                null,
                null,
                CheckResult.Outcome.PASS,
                Verdict.Kind.CONSISTENT,
                "",
                "",
                "",
                null));
  }
}
