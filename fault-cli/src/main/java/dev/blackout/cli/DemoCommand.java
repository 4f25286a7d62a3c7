package dev.blackout.cli;

import dev.blackout.scenarios.Catalog;
import dev.blackout.scenarios.Scenario;
import dev.blackout.scenarios.SuiteOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code blackout demo}, the README's first command: a curated part of the scenario catalog
 * ({@link Catalog#demo()}, seed patterns first) run end to end — each workload recorded as its own
 * process through the FUSE recorder, its crash states explored under all four models — printing
 * the same table and last line as {@code blackout scenarios} and pointing to the HTML report.
 * Exit 0 when every cell is as expected, 1 when one is not, 2 on an error (e.g. no FUSE).
 */
@Command(
    name = "demo",
    description = {
      "Run a curated part of the scenario catalog end to end (record each workload through FUSE,"
          + " explore its crash states under the four models) and print the verdict table;"
          + " takes about a minute.",
      "Exit status: 0 when every cell is as expected, 1 when one is not, 2 on an error."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Where to write report.html and scenarios.json (default: beside the traces).")
  Path report;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    List<Scenario> demo = Catalog.demo();
    out.println("blackout demo: " + demo.size() + " scenarios x " + Scenario.MODELS.size()
        + " models. Each workload runs as its own process in a FUSE mount that records every"
        + " write, fsync and rename; every crash state each model allows is rebuilt and checked.");
    out.println("verdicts: ok = no violation, D = an acknowledged update lost, A = a state that"
        + " is neither old nor new; 'expected' is the catalog's prediction (* = a finding,"
        + " docs/scenarios.md)");
    out.println();
    out.flush();
    Path work = SuiteCommands.freshWork();
    SuiteOptions options = new SuiteOptions(Scenario.MODELS, SuiteOptions.DEFAULT_SEED,
        SuiteOptions.DEFAULT_BUDGET, 2, work, java.time.Duration.ofMinutes(5));
    return SuiteCommands.run(out, demo, options, report == null ? work.resolve("report") : report);
  }
}
