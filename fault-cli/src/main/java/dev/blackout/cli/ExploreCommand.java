package dev.blackout.cli;

import dev.blackout.core.check.CommandChecker;
import dev.blackout.core.check.Counts;
import dev.blackout.core.check.Progress;
import dev.blackout.core.check.Pruning;
import dev.blackout.core.check.ReportJson;
import dev.blackout.core.check.RunReport;
import dev.blackout.core.check.Shard;
import dev.blackout.core.check.Summary;
import dev.blackout.core.check.Verdict;
import dev.blackout.core.check.ViolationReport;
import dev.blackout.core.explore.ExploreOptions;
import dev.blackout.core.explore.Exploration;
import dev.blackout.core.explore.Explorer;
import dev.blackout.core.explore.Strategy;
import dev.blackout.core.explore.Violation;
import dev.blackout.core.model.ModelOptions;
import dev.blackout.core.model.PersistenceModel;
import dev.blackout.core.model.StateIds;
import dev.blackout.core.model.UnitGraph;
import dev.blackout.core.trace.Trace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code blackout explore}: generates the crash states of a trace under a persistence model, runs
 * the check on each, and reports the minimized violations grouped by cause (design.md section 7).
 * Exit 0: no violation; 1: at least one; 2: usage or environment error.
 */
@Command(
    name = "explore",
    description = {
      "Generate the crash states a disk could hold after a crash at any point of the trace, run"
          + " the check on each (in the state's directory, environment BLACKOUT_STATE,"
          + " BLACKOUT_ACKED, BLACKOUT_LAST_ACK, BLACKOUT_STATE_ID, BLACKOUT_MODEL), and report the"
          + " violations minimized and grouped by cause.",
      "Exit status: 0 no violation, 1 violations found, 2 usage or environment error."
    })
final class ExploreCommand implements Callable<Integer> {

  /** The model and its options, shared with {@code replay}. */
  static final class ModelFlags {
    @Option(names = "--model", paramLabel = "NAME", defaultValue = "ext4-ordered",
        description = "prefix, drop-unsynced, ext4-ordered or posix (default: ${DEFAULT-VALUE}).")
    String name = "ext4-ordered";

    @Option(names = "--torn", paramLabel = "none|sector|page|BYTES",
        description = "Torn-write granularity (default: the model's).")
    String torn;

    @Option(names = "--rename", paramLabel = "atomic|split", description = "Rename as one unit or ALICE's three parts (posix).")
    String rename;

    @Option(names = "--device-cache", paramLabel = "volatile|none",
        description = "Whether O_DIRECT writes wait for a barrier (volatile, default) or are durable at once.")
    String deviceCache;

    @Option(names = "--dioread", paramLabel = "nolock|lock",
        description = "The ext4 that ext4-ordered stands for: nolock (Linux 5.6+ default: an append's size may"
            + " persist before its data, reading as zeros) or lock (older kernels). Default: nolock.")
    String dioread;

    ModelOptions options() {
      ModelOptions o = ModelOptions.defaults();
      if (torn != null) {
        try {
          o = o.withTorn(ModelOptions.parseTorn(torn));
        } catch (IllegalArgumentException e) {
          throw new CliException(e.getMessage(), "use --torn none, sector, page or a positive byte count");
        }
      }
      if (rename != null) {
        switch (rename) {
          case "atomic" -> o = o.withRename(ModelOptions.RenameMode.ATOMIC);
          case "split" -> o = o.withRename(ModelOptions.RenameMode.SPLIT);
          default -> throw new CliException("unknown --rename '" + rename + "'", "use --rename atomic or --rename split");
        }
      }
      if (deviceCache != null) {
        switch (deviceCache) {
          case "volatile" -> o = o.withDeviceCache(ModelOptions.DeviceCache.VOLATILE);
          case "none" -> o = o.withDeviceCache(ModelOptions.DeviceCache.NONE);
          default -> throw new CliException(
              "unknown --device-cache '" + deviceCache + "'", "use --device-cache volatile or --device-cache none");
        }
      }
      if (dioread != null) {
        switch (dioread) {
          case "nolock" -> o = o.withDioRead(ModelOptions.DioRead.NOLOCK);
          case "lock" -> o = o.withDioRead(ModelOptions.DioRead.LOCK);
          default -> throw new CliException(
              "unknown --dioread '" + dioread + "'", "use --dioread nolock or --dioread lock");
        }
      }
      return o;
    }

    PersistenceModel model() {
      try {
        return PersistenceModel.of(name, options());
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage(), "see 'blackout models'");
      }
    }

    UnitGraph build(Trace t) {
      return model().build(t);
    }

    /** The model with its options as flags, e.g. {@code --model posix --rename split}. */
    String flags() {
      String f = options().toFlags();
      return "--model " + name + (f.isEmpty() ? "" : " " + f);
    }

    String describe() {
      return model().toString();
    }
  }

  @Spec CommandSpec spec;

  @Option(names = "--trace", required = true, paramLabel = "FILE", description = "The trace file.")
  Path trace;

  @Option(names = "--check", required = true, paramLabel = "COMMAND",
      description = "The recovery check, run by 'sh -c' in each crash state's directory; exit 0 = consistent.")
  String check;

  @Mixin ModelFlags model = new ModelFlags();

  @Option(names = "--strategy", paramLabel = "NAME[,NAME...]", defaultValue = "default",
      description = "minimal, maximal, omit-one, in-order, torn, random, exhaustive, default (default: ${DEFAULT-VALUE}).")
  String strategy;

  @Option(names = "--budget", paramLabel = "N", defaultValue = "" + ExploreOptions.DEFAULT_BUDGET,
      description = "The most distinct states to check (default: ${DEFAULT-VALUE}).")
  int budget;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of every random choice (default: a fresh one, printed).")
  Long seed;

  @Option(names = "--jobs", paramLabel = "N", description = "Checks run at once (default: the number of processors).")
  Integer jobs;

  @Option(names = "--timeout", paramLabel = "SEC", defaultValue = "60",
      description = "Per-state checker timeout in seconds (default: ${DEFAULT-VALUE}).")
  long timeout;

  @Option(names = "--report", paramLabel = "DIR", description = "Write report.json (and keep failing states) in DIR.")
  Path report;

  @Option(names = "--keep-states", paramLabel = "N", defaultValue = "" + ExploreOptions.DEFAULT_KEEP_STATES,
      description = "Keep at most N failing state directories on disk (default: ${DEFAULT-VALUE}); the others are rebuilt with 'blackout replay'.")
  int keepStates;

  @Option(names = "--keep-mib", paramLabel = "MIB", defaultValue = "" + (ExploreOptions.DEFAULT_KEEP_BYTES >> 20),
      description = "Keep at most MIB mebibytes of failing state directories on disk (default: ${DEFAULT-VALUE}).")
  long keepMib;

  @Option(names = "--shard", paramLabel = "I/N",
      description = "Check only shard I of N (1-based; default: $BLACKOUT_SHARD if set).")
  String shard;

  /** The environment {@code BLACKOUT_SHARD} is read from (tests replace it). */
  java.util.Map<String, String> env = System.getenv();

  @Option(names = "--accept-incomplete",
      description = "Explore a trace whose recording did not end cleanly (no end-of-trace record: the recorder was killed, or the trace predates the record); what the workload did after its last whole record is missing.")
  boolean acceptIncomplete;

  @Option(names = "--no-prune",
      description = "Visit every crash point and keep states with different acknowledgements apart (for checkers not monotone in acknowledgements).")
  boolean noPrune;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Strategy> strategies;
    try {
      strategies = Strategy.parseList(strategy);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), "see 'blackout explore --help'");
    }
    if (budget < 1) {
      throw new CliException("--budget " + budget + " is not a positive number of states", "give --budget 1 or more");
    }
    if (timeout < 1) {
      throw new CliException("--timeout " + timeout + " is not a positive number of seconds", "give --timeout 1 or more");
    }
    int jobCount = jobs == null ? dev.blackout.core.check.CheckPool.defaultJobs() : jobs;
    if (jobCount < 1) {
      throw new CliException("--jobs " + jobCount + " is not a positive number", "give --jobs 1 or more");
    }
    Shard owns = ShardOption.resolve(shard, env);
    owns = owns == null ? Shard.ALL : owns;
    CommandChecker checker;
    try {
      checker = CommandChecker.shell(check, Duration.ofSeconds(timeout));
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), "give the check command with --check COMMAND");
    }
    PersistenceModel m = model.model();
    Trace t = TraceFiles.read(trace);
    if (t.incomplete() && !acceptIncomplete) {
      throw TraceFiles.incompleteError(trace, t);
    }
    TraceFiles.warnIncomplete(err, trace, t);
    long usedSeed = seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE;
    if (keepStates < 0 || keepMib < 0) {
      throw new CliException("--keep-states and --keep-mib must not be negative", "give 0 to keep no failing state");
    }
    ExploreOptions options = ExploreOptions.defaults(usedSeed).withStrategies(strategies).withBudget(budget)
        .withPrune(!noPrune).withKeep(keepStates, keepMib << 20);
    UnitGraph g = m.build(t);
    Explorer explorer = new Explorer(g, options);
    Path work = workDir();
    out.println("blackout explore: trace " + trace + ", " + g.opCount() + " ops, model " + m + ", seed " + usedSeed);
    out.flush();
    long started = System.nanoTime();
    ProgressDisplay display = ProgressDisplay.forTerminal();
    Exploration e;
    try {
      e = explorer.explore(checker, work, jobCount, owns, new Explorer.Listener() {
        @Override
        public void progress(Progress p) {
          display.update(p);
        }
      });
    } catch (IOException | RuntimeException failed) {
      // nothing was judged: leave no working directory behind (a report's is kept, marked ours)
      if (report == null) {
        deleteQuietly(work);
      }
      throw failed;
    } finally {
      display.finish();
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    out.println("crash points: visited " + e.visited() + " of " + e.crashPoints()
        + (noPrune ? " (no pruning)" : " (pruning saved " + (e.crashPoints() - e.visited()) + ")"));
    Counts counts = new Counts(e.generated(), e.distinct(), e.checked(), e.violationCount(),
        e.count(Verdict.Kind.CHECKER_ERROR), e.count(Verdict.Kind.TIMEOUT));
    out.println(Summary.line(counts));
    out.println("coverage: " + e.coverage());
    if (e.exhaustiveTruncated()) {
      out.println("note: exhaustive enumeration stopped at its bound at some crash points (not every ideal was generated)");
    }
    String replayBase = "blackout replay --trace " + trace + " " + model.flags();
    for (Exploration.Cause c : e.causes()) {
      out.println("  " + c.classification() + " (" + c.states() + (c.states() == 1 ? " state" : " states") + "): " + c.explanation());
      out.println("    replay: " + replayBase + replayState(c.exampleId()) + " --out DIR");
    }
    if (report != null) {
      writeReport(e, counts, owns, usedSeed, millis, replayBase);
    }
    if (!e.violations().isEmpty()) {
      out.println("failing states kept in " + work + ": " + e.keptStates()
          + (e.droppedStates() == 0 ? "" : " (" + e.droppedStates() + " more not kept: at most --keep-states "
              + keepStates + " and --keep-mib " + keepMib + "; 'blackout replay' rebuilds them)"));
    } else if (report == null) {
      deleteQuietly(work);
    }
    out.flush();
    boolean bugs = e.violations().stream().anyMatch(v -> v.classification().isViolation());
    boolean errors = e.violations().stream().anyMatch(v -> !v.classification().isViolation());
    if (errors && !bugs) {
      Violation first = e.violations().get(0);
      throw new CliException(
          "the check could not judge " + e.count(Verdict.Kind.CHECKER_ERROR) + " state(s) and timed out on "
              + e.count(Verdict.Kind.TIMEOUT) + " (first: " + first.stateId() + ": " + first.explanation() + ")",
          "run the check by hand in " + first.statePath() + " and fix it, or raise --timeout");
    }
    return bugs ? 1 : 0;
  }

  private Path workDir() throws IOException {
    if (report != null) {
      ReportDirectory.prepare(report);
      Path states = report.resolve("states"); // an earlier run's (the directory is marked ours)
      deleteQuietly(states);
      return Files.createDirectories(states);
    }
    // java.io.tmpdir as it is now (Files.createTempDirectory(prefix) keeps the one at start-up)
    return Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "blackout-explore-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  private void writeReport(Exploration e, Counts counts, Shard owns, long usedSeed, long millis, String replayBase)
      throws IOException {
    List<ViolationReport> violations = e.violations().stream()
        .map(v -> new ViolationReport(v.stateId(), v.crashPoint(), v.persisted(), v.omitted(), v.torn(), v.acked(),
            v.outcome(), v.classification(), v.checkerOutput(),
            v.explanation() + (v.minimizedId().equals(v.stateId()) ? "" : " (smallest failing state: " + v.minimizedId() + ")"),
            replayBase + replayState(v.stateId()) + " --out DIR", v.statePath(), v.fullStateId()))
        .toList();
    Map<String, String> options = new LinkedHashMap<>();
    options.put("strategy", strategy);
    options.put("torn", model.torn == null ? "model default" : model.torn);
    options.put("rename", model.rename == null ? "atomic" : model.rename);
    options.put("device-cache", model.deviceCache == null ? "volatile" : model.deviceCache);
    options.put("dioread", model.dioread == null ? "nolock" : model.dioread);
    options.put("timeout", timeout + "s");
    options.put("prune", Boolean.toString(!noPrune));
    options.put("keep-states", Integer.toString(keepStates));
    options.put("keep-mib", Long.toString(keepMib));
    options.put("check", check);
    RunReport r = RunReport.of(trace.toString(), model.name, options, usedSeed, (long) budget, owns, counts,
        Pruning.of(e.crashPoints(), e.visited()), millis, violations);
    Path written = ReportJson.write(r, report);
    spec.commandLine().getOut().println("report written to " + written);
  }

  /** The {@code --state} part of a replay command: a short id needs the report to resolve it. */
  private String replayState(String id) {
    if (!StateIds.isShort(id)) {
      return " --state " + id;
    }
    return " --state " + id + " --report " + (report == null ? "DIR" : report.toString());
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }
}
