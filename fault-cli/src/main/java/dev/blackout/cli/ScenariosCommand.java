package dev.blackout.cli;

import dev.blackout.scenarios.Catalog;
import dev.blackout.scenarios.Scenario;
import dev.blackout.scenarios.SuiteOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code blackout scenarios}: runs the scenario catalog end to end through the FUSE recorder and
 * prints the table scenario × model (design.md section 8). Exit 0 only when every cell is as
 * expected, 1 when one is not, 2 on a usage or environment error.
 */
@Command(
    name = "scenarios",
    description = {
      "Run the scenario catalog: record each workload through FUSE, explore its crash states"
          + " under each model, and compare the verdict with the expected one.",
      "Prints scenario x model -> verdict, expected, states generated/distinct/checked,"
          + " violations, time; last line 'scenarios: N, cells: M, as expected: K'.",
      "Exit status: 0 when every cell is as expected, 1 when one is not, 2 on an error."
    })
final class ScenariosCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--only", arity = "1..*", paramLabel = "NAME",
      description = "Run only these scenarios (names as --list prints them).")
  List<String> only = new ArrayList<>();

  @Option(names = "--model", arity = "1..*", paramLabel = "M",
      description = "Explore under these models only (default: all four).")
  List<String> models = new ArrayList<>();

  @Option(names = "--report", paramLabel = "DIR",
      description = "Where to write report.html and scenarios.json (default: beside the traces).")
  Path report;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Seed of every exploration (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--budget", paramLabel = "N", defaultValue = "300",
      description = "Most distinct crash states checked per cell (default: ${DEFAULT-VALUE}).")
  int budget;

  @Option(names = "--jobs", paramLabel = "N", defaultValue = "2",
      description = "Checks at once (default: ${DEFAULT-VALUE}).")
  int jobs;

  @Option(names = "--rename", paramLabel = "MODE", defaultValue = "atomic",
      description = "atomic, or split: a rename persists in ALICE's three parts (posix only;"
          + " expectations stay those of atomic renames).")
  String rename;

  @Option(names = "--causes",
      description = "After the table, list each failing cell's distinct causes (the ops"
          + " involved, as docs/alice-comparison.md groups them).")
  boolean causes;

  @Option(names = "--list", description = "List the scenarios and their expected verdicts.")
  boolean list;

  @Option(names = "--shard", paramLabel = "I/N",
      description = "Run only shard I of N of the cells (scenario/model), for merge-reports"
          + " (default: $BLACKOUT_SHARD if set).")
  String shard;

  @Option(names = "--backing-root", paramLabel = "DIR",
      description = "Make the run's work directory (the recorder's backing directories, traces,"
          + " states) under DIR, e.g. a mounted ext4/xfs/btrfs (default: the temp directory).")
  Path backingRoot;

  /** The environment {@code BLACKOUT_SHARD} is read from (tests replace it). */
  java.util.Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws IOException {
    var out = spec.commandLine().getOut();
    List<Scenario> selected = select(only);
    List<String> chosen = models.isEmpty() ? Scenario.MODELS : models;
    if (list) {
      for (Scenario s : selected) {
        StringBuilder sb = new StringBuilder(s.name());
        for (String m : Scenario.MODELS) {
          sb.append("  ").append(m).append('=').append(s.expectations().get(m).expected());
        }
        out.println(sb.append("  ").append(s.title()));
      }
      return 0;
    }
    options(chosen, seed, budget, jobs, Path.of("."), rename); // bad options fail first
    dev.blackout.core.check.Shard owns = ShardOption.resolve(shard, env);
    if (backingRoot != null && !java.nio.file.Files.isDirectory(backingRoot)) {
      throw new CliException("--backing-root " + backingRoot + " is not a directory",
          "give an existing directory, e.g. a file system mounted under /srv/blackout");
    }
    Path work = backingRoot == null ? SuiteCommands.freshWork()
        : java.nio.file.Files.createTempDirectory(backingRoot, "blackout-scenarios-");
    SuiteOptions options = options(chosen, seed, budget, jobs, work, rename);
    if (owns != null) {
      return ShardedRun.run(out, selected, options, owns,
          report == null ? work.resolve("report") : report);
    }
    return SuiteCommands.run(out, selected, options,
        report == null ? work.resolve("report") : report, causes);
  }

  static List<Scenario> select(List<String> names) {
    if (names.isEmpty()) {
      return Catalog.all();
    }
    try {
      return Catalog.select(names);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), "run 'blackout scenarios --list' for the names");
    }
  }

  static SuiteOptions options(List<String> models, long seed, int budget, int jobs, Path work,
      String rename) {
    dev.blackout.core.model.ModelOptions.RenameMode mode = switch (rename) {
      case "atomic" -> dev.blackout.core.model.ModelOptions.RenameMode.ATOMIC;
      case "split" -> dev.blackout.core.model.ModelOptions.RenameMode.SPLIT;
      default -> throw new CliException("--rename '" + rename + "' is not atomic or split",
          "see 'blackout scenarios --help'");
    };
    try {
      return new SuiteOptions(models, seed, budget, jobs, work, Duration.ofMinutes(5), mode);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), "see 'blackout scenarios --help'");
    }
  }
}
