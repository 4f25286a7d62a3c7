package dev.blackout.cli;

import dev.blackout.core.model.ModelOptions;
import dev.blackout.kernel.CalibrationException;
import dev.blackout.kernel.Calibration;
import dev.blackout.kernel.FsType;
import dev.blackout.kernel.Suite;
import dev.blackout.kernel.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code blackout calibrate [--model M]... [--fs ext4|xfs|btrfs] [--setup DIR] [--reorder N] [--seed S]
 * [--suite] -- CMD ARGS...}: compares the states a real kernel leaves for a workload with the states
 * the models generate for it (docs/calibration.md).
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description = {
      "Run CMD in a qemu guest (a Debian cloud kernel) over dm-log-writes and through the FUSE"
          + " recorder, rebuild every crash state the real kernel can leave (log prefixes,"
          + " reorderings within flush epochs, power cuts) and compare them with each model's states.",
      "CMD is a static binary or a busybox sh script (host path), run with the test file system as"
          + " working directory; it acknowledges with 'blackout mark TEXT'. Needs root (loop mounts),"
          + " qemu-system-x86, busybox-static, dmsetup, xfsprogs, e2fsprogs (btrfs-progs for --fs"
          + " btrfs) and FUSE.",
      "Exit status: 0 when no model misses a real state, 1 when one does, 2 on errors."
    })
final class CalibrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "M",
      description = "A model to hold against the real states (repeatable; default: ext4-ordered and posix).")
  List<String> models = new ArrayList<>();

  @Option(names = "--fs", paramLabel = "ext4|xfs|btrfs", defaultValue = "ext4",
      description = "The guest's file system, made with default options (default: ${DEFAULT-VALUE}).")
  String fs;

  @Option(names = "--setup", paramLabel = "DIR", description = "The files the workload starts from (default: none).")
  Path setup;

  @Option(names = "--reorder", paramLabel = "N", defaultValue = "32",
      description = "Random reorderings of the writes within flush epochs, per log (default: ${DEFAULT-VALUE}).")
  int reorder;

  @Option(names = "--power-cuts", paramLabel = "N", defaultValue = "4",
      description = "Guest runs killed (SIGKILL to qemu) at random moments (default: ${DEFAULT-VALUE}).")
  int powerCuts;

  @Option(names = "--settle", paramLabel = "SECONDS", defaultValue = "35",
      description = "How long the guest idles after the workload before unmounting: commits every 5 s,"
          + " writeback after 30 s (default: ${DEFAULT-VALUE}).")
  int settle;

  @Option(names = "--dioread", paramLabel = "nolock|lock",
      description = "The ext4 ext4-ordered stands for: nolock (Linux 5.6+, default) or lock (older kernels).")
  String dioread;

  @Option(names = "--no-slow-disk",
      description = "Skip the second logged run, whose writes complete 500 ms late (dm-delay).")
  boolean noSlowDisk;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--suite", description = "Run the conformance suite instead of CMD.")
  boolean suite;

  @Option(names = "--ci", description = "With --suite: only the workloads CI runs.")
  boolean ci;

  @Option(names = "--only", paramLabel = "NAME", split = ",", description = "With --suite: only these workloads.")
  List<String> only = new ArrayList<>();

  @Option(names = "--work", paramLabel = "DIR", description = "Keep the work files (logs, images, traces) here.")
  Path work;

  @Parameters(arity = "0..*", paramLabel = "CMD", description = "The workload and its arguments (after --).")
  List<String> command = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    FsType type;
    try {
      type = FsType.parse(fs);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), "use --fs ext4, --fs xfs or --fs btrfs");
    }
    Calibration.Options options;
    try {
      options = Calibration.Options.defaults().withModels(models.isEmpty() ? List.of("ext4-ordered", "posix") : models)
          .withFs(type).withReorderings(reorder).withPowerCuts(powerCuts).withSeed(seed).withSettleSeconds(settle)
          .withSlowDisk(!noSlowDisk);
      if (dioread != null) {
        switch (dioread) {
          case "nolock" -> { }
          case "lock" -> options = options.withModelOptions(ModelOptions.defaults().withDioRead(ModelOptions.DioRead.LOCK));
          default -> throw new CliException("unknown --dioread '" + dioread + "'", "use --dioread nolock or --dioread lock");
        }
      }
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(),
          e.getMessage().startsWith("unknown model") ? "see 'blackout models'" : "see 'blackout calibrate --help'");
    }
    Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("blackout-calibrate-");
    try {
      List<Workload> workloads = workloads(dir);
      Calibration.Report r = Calibration.run(workloads, options, dir.resolve("run"), out, err);
      return r.exitStatus();
    } catch (CalibrationException e) {
      out.flush();
      String[] lines = e.getMessage().split("\n", 2);
      if (lines.length > 1) {
        err.println(lines[1]);
      }
      throw new CliException(lines[0], "see docs/calibration.md");
    } finally {
      if (work == null) {
        try {
          TempTrees.deleteRecursively(dir);
        } catch (IOException e) {
          err.println("blackout: cannot delete " + dir + ": " + e.getMessage() + "; delete it by hand");
        }
      }
    }
  }

  private List<Workload> workloads(Path dir) throws IOException {
    if (suite) {
      if (!command.isEmpty()) {
        throw new CliException("--suite runs the conformance suite, not '" + command.get(0) + "'", "give either --suite or -- CMD");
      }
      List<String> names = new ArrayList<>();
      for (String n : Suite.NAMES) {
        if ((!ci || Suite.inCi(n)) && (only.isEmpty() || only.contains(n))) {
          names.add(n);
        }
      }
      for (String n : only) {
        if (!Suite.NAMES.contains(n)) {
          throw new CliException("no suite workload '" + n + "'", "known: " + String.join(", ", Suite.NAMES));
        }
      }
      return Suite.materialize(dir.resolve("suite"), names);
    }
    if (command.isEmpty()) {
      throw new CliException("no workload given", "put it after --, e.g. blackout calibrate -- ./work.sh, or give --suite");
    }
    Path cmd = Path.of(command.get(0));
    if (!Files.isRegularFile(cmd)) {
      throw new CliException("workload '" + command.get(0) + "' is not a file", "give the host path of a static binary or a busybox sh script");
    }
    if (setup != null && !Files.isDirectory(setup)) {
      throw new CliException("--setup " + setup + " is not a directory", "give the directory whose files the workload starts from");
    }
    return List.of(new Workload(cmd.getFileName().toString(), cmd.toAbsolutePath(), command.subList(1, command.size()), setup));
  }
}
