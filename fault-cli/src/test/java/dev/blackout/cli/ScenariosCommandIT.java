package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code blackout scenarios} end to end through FUSE: table, last line, report, exit status. */
@DisplayName("blackout scenarios through FUSE")
class ScenariosCommandIT {

  @Test
  @DisplayName("prints the table and the last line, writes the report, exits 0 when as expected")
  void runsTwoScenarios(@TempDir Path report) throws Exception {
    boolean required = !"false".equals(System.getProperty("blackout.requireFuse", "true"));
    if (!Files.exists(Path.of("/dev/fuse")) && !required) {
      Assumptions.abort("FUSE is missing and blackout.requireFuse=false was set by hand");
    }
    CliRun run = CliRun.of("scenarios", "--only", "OverwriteInPlace", "RenameWithoutDirFsync",
        "--model", "prefix", "posix", "--report", report.toString(), "--budget", "50");

    assertEquals(0, run.exitCode(), run::toString);
    List<String> lines = run.outLines();
    assertEquals("scenarios: 2, cells: 4, as expected: 4", lines.get(lines.size() - 1),
        run::toString);
    assertTrue(lines.get(0).startsWith("scenario ") && lines.get(0).contains("violations"),
        run::toString);
    assertTrue(lines.stream().anyMatch(l -> l.matches("OverwriteInPlace\\s+prefix\\s+A\\s+A\\s.*")),
        run::toString);
    assertTrue(lines.stream().anyMatch(l -> l.matches("\\s+posix\\s+D\\s+D\\s.*")), run::toString);
    assertTrue(Files.exists(report.resolve("report.html")));
    assertTrue(Files.exists(report.resolve("scenarios.json")));
    assertTrue(run.stdout().contains("report: " + report.resolve("report.html")), run::toString);

    // the replay command the report gives for a violation rebuilds that state
    String json = Files.readString(report.resolve("scenarios.json"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"replay\" : \"blackout ([^\"]+)\"")
        .matcher(json);
    assertTrue(m.find(), json);
    Path out = report.resolve("replayed");
    String[] args = m.group(1).replace(" --out DIR", " --out " + out).split(" ");
    CliRun replay = CliRun.of(args);
    assertEquals(0, replay.exitCode(), replay::toString);
    assertTrue(Files.isDirectory(out), replay::toString);
  }
}
