package dev.blackout.cli;

import dev.blackout.scenarios.ShardedSuite;
import dev.blackout.scenarios.SuiteReport;
import dev.blackout.scenarios.SuiteResult;
import dev.blackout.scenarios.SuiteTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code blackout merge-reports}: merges the {@code scenarios.json} of the shards of one suite
 * ({@code blackout scenarios --shard I/N}) into the report of the whole suite, and prints its
 * table. Exit 0 only when every cell is as expected, 1 when one is not, 2 when the reports cannot
 * be merged (missing, damaged, overlapping, or cells missing).
 */
@Command(
    name = "merge-reports",
    description = {
      "Merge the scenarios.json reports of 'blackout scenarios --shard I/N' runs into one report"
          + " (scenarios.json and report.html in --out) and print the whole suite's table.",
      "Exit status: 0 when every cell is as expected, 1 when one is not, 2 when the reports"
          + " cannot be merged."
    })
final class MergeReportsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Where to write the merged scenarios.json and report.html.")
  Path out;

  @Option(names = "--causes",
      description = "After the table, list each failing cell's distinct causes.")
  boolean causes;

  @Parameters(arity = "1..*", paramLabel = "REPORT",
      description = "The shards' scenarios.json files (or the directories holding them).")
  List<Path> reports = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    List<ShardedSuite.Part> parts = new ArrayList<>();
    for (Path given : reports) {
      Path file = Files.isDirectory(given) ? given.resolve(SuiteReport.JSON) : given;
      if (!Files.isRegularFile(file)) {
        throw new CliException("report " + file + " does not exist",
            "give each shard's scenarios.json (copy it back from the machine that ran the shard)");
      }
      try {
        parts.add(ShardedSuite.read(file));
      } catch (IOException | RuntimeException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        throw new CliException("report " + file + " is damaged: " + m.lines().findFirst().orElse(""),
            "rerun that shard with 'blackout scenarios --shard I/N --report DIR'");
      }
    }
    SuiteResult merged;
    try {
      merged = ShardedSuite.merge(parts);
    } catch (ShardedSuite.MergeException e) {
      throw new CliException(e.getMessage(),
          "give every shard's report exactly once (scenarios --shard 1/N .. N/N)");
    }
    var w = spec.commandLine().getOut();
    SuiteTable.lines(merged).forEach(w::println);
    if (causes) {
      w.println();
      dev.blackout.scenarios.CauseTable.lines(merged).forEach(w::println);
    }
    Path html = SuiteReport.write(merged, out);
    w.println("merged " + parts.size() + " report" + (parts.size() == 1 ? "" : "s") + "; report: "
        + html + " (JSON beside it)");
    w.println(merged.lastLine());
    w.flush();
    return merged.allAsExpected() ? 0 : 1;
  }
}
