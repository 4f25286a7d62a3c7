package dev.blackout.cli;

import dev.blackout.fuse.FuseException;
import dev.blackout.scenarios.Scenario;
import dev.blackout.scenarios.SuiteOptions;
import dev.blackout.scenarios.SuiteReport;
import dev.blackout.scenarios.SuiteResult;
import dev.blackout.scenarios.SuiteRunner;
import dev.blackout.scenarios.SuiteTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What {@code blackout scenarios} and {@code blackout demo} share: run, print, report, exit. */
final class SuiteCommands {
  private SuiteCommands() {}

  /**
   * Runs {@code scenarios}, prints the table on {@code out} and where the report is, and returns
   * the exit status: 0 when every cell is as expected, 1 otherwise.
   */
  static int run(PrintWriter out, List<Scenario> scenarios, SuiteOptions options, Path report)
      throws IOException {
    return run(out, scenarios, options, report, false);
  }

  /** As above; with {@code causes}, the distinct causes of each failing cell follow the table. */
  static int run(PrintWriter out, List<Scenario> scenarios, SuiteOptions options, Path report,
      boolean causes) throws IOException {
    SuiteProgress progress = SuiteProgress.forTerminal();
    SuiteResult result;
    try {
      result = new SuiteRunner(options, progress).run(scenarios);
    } catch (FuseException e) {
      progress.clear();
      throw new CliException("cannot record through FUSE: " + e.getMessage(),
          "install FUSE 3 (./blackout installs it as root) or run where /dev/fuse is available");
    } finally {
      progress.clear();
    }
    SuiteTable.lines(result).forEach(out::println);
    if (causes) {
      out.println();
      dev.blackout.scenarios.CauseTable.lines(result).forEach(out::println);
    }
    Path html = SuiteReport.write(result, report);
    out.println("report: " + html + " (JSON beside it), traces and failing states under "
        + options.work());
    out.println(result.lastLine());
    out.flush();
    return result.allAsExpected() ? 0 : 1;
  }

  static Path freshWork() throws IOException {
    return Files.createTempDirectory("blackout-scenarios-");
  }
}
