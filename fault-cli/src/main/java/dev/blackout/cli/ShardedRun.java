package dev.blackout.cli;

import dev.blackout.core.check.Shard;
import dev.blackout.fuse.FuseException;
import dev.blackout.scenarios.Scenario;
import dev.blackout.scenarios.ShardedSuite;
import dev.blackout.scenarios.SuiteOptions;
import dev.blackout.scenarios.SuiteResult;
import dev.blackout.scenarios.SuiteTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code blackout scenarios --shard I/N}: runs one shard's cells, prints its table, reports. */
final class ShardedRun {
  private ShardedRun() {}

  static int run(PrintWriter out, List<Scenario> scenarios, SuiteOptions options, Shard shard,
      Path report) throws IOException {
    SuiteProgress progress = SuiteProgress.forTerminal();
    SuiteResult result;
    try {
      result = ShardedSuite.run(scenarios, options, shard, progress);
    } catch (FuseException e) {
      progress.clear();
      throw new CliException("cannot record through FUSE: " + e.getMessage(),
          "install FUSE 3 (./blackout installs it as root) or run where /dev/fuse is available");
    } finally {
      progress.clear();
    }
    SuiteTable.lines(result).forEach(out::println);
    Path html = ShardedSuite.write(result, shard,
        ShardedSuite.cells(scenarios, options.models()), report);
    out.println("shard " + shard + ": " + result.cells().size() + " of "
        + scenarios.size() * options.models().size() + " cells; merge the shards' "
        + "scenarios.json with 'blackout merge-reports'");
    out.println("report: " + html + " (JSON beside it), traces and failing states under "
        + options.work());
    out.println(result.lastLine());
    out.flush();
    return result.allAsExpected() ? 0 : 1;
  }
}
