package dev.blackout.core.crashtest;

import dev.blackout.core.check.Checker;
import dev.blackout.core.check.Shard;
import dev.blackout.core.crashtest.spi.RecorderProvider;
import dev.blackout.core.crashtest.spi.Recording;
import dev.blackout.core.crashtest.spi.RecordingOptions;
import dev.blackout.core.explore.ExploreOptions;
import dev.blackout.core.explore.Exploration;
import dev.blackout.core.explore.Explorer;
import dev.blackout.core.explore.Strategy;
import dev.blackout.core.explore.Workspace;
import dev.blackout.core.model.ModelOptions;
import dev.blackout.core.model.PersistenceModel;
import dev.blackout.core.model.UnitGraph;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A crash test: initial files, a workload, a recovery check, the persistence models to explore
 * under, and how hard to look (strategy, budget, seed). Immutable; every {@code with}-style method
 * returns a copy.
 *
 * <p>{@link #run} records the workload once through the recorder (FUSE, in this JVM), explores the
 * crash states of the trace under every model, and returns a {@link CrashReport}. Its working
 * directory (the trace and the failing states) is deleted when nothing failed and kept when
 * something did, so that the evidence survives for {@code blackout replay}.
 *
 * <pre>{@code
 * CrashReport r = CrashScenario.of(
 *         (dir, markers) -> { store(dir).put("v2"); markers.mark("v2"); },
 *         (state, acked) -> assertEquals(acked.isEmpty() ? "v1" : "v2", read(state)))
 *     .setup(dir -> Files.writeString(dir.resolve("db"), "v1"))
 *     .models("ext4-ordered", "posix")
 *     .run();
 * }</pre>
 */
public final class CrashScenario {

  /** Creates the initial files in {@code dir} before recording starts (they are not recorded). */
  @FunctionalInterface
  public interface Setup {
    void prepare(Path dir) throws Exception;
  }

  /** The budget when none is given: distinct crash states checked per model. */
  public static final int DEFAULT_BUDGET = 200;

  private final Setup setup;
  private final Workload workload;
  private final StateCheck check;
  private final List<String> models;
  private final List<Strategy> strategies;
  private final int budget;
  private final long seed;
  private final Path workDir;
  private final int jobs;
  private final Duration timeout;
  private final Path keptTrace;
  private final boolean keepTrace;
  private final boolean exhaustive;
  private final boolean allowOther;

  private CrashScenario(Setup setup, Workload workload, StateCheck check, List<String> models,
      List<Strategy> strategies, int budget, long seed, Path workDir, int jobs, Duration timeout,
      Path keptTrace, boolean keepTrace, boolean exhaustive, boolean allowOther) {
    this.setup = setup;
    this.workload = workload;
    this.check = check;
    this.models = models;
    this.strategies = strategies;
    this.budget = budget;
    this.seed = seed;
    this.workDir = workDir;
    this.jobs = jobs;
    this.timeout = timeout;
    this.keptTrace = keptTrace;
    this.keepTrace = keepTrace;
    this.exhaustive = exhaustive;
    this.allowOther = allowOther;
  }

  private CrashScenario(Setup setup, Workload workload, StateCheck check, List<String> models,
      List<Strategy> strategies, int budget, long seed, Path workDir, int jobs, Duration timeout) {
    this(setup, workload, check, models, strategies, budget, seed, workDir, jobs, timeout, null,
        false, false, false);
  }

  private CrashScenario with(Path newKeptTrace, boolean newKeepTrace, boolean newExhaustive) {
    return new CrashScenario(setup, workload, check, models, strategies, budget, seed, workDir,
        jobs, timeout, newKeptTrace, newKeepTrace, newExhaustive, allowOther);
  }

  /**
   * A crash test of {@code workload} checked by {@code check}, with no initial files, model
   * {@code ext4-ordered}, the default strategies, budget {@value #DEFAULT_BUDGET} and seed 0.
   */
  public static CrashScenario of(Workload workload, StateCheck check) {
    return new CrashScenario(dir -> {}, Objects.requireNonNull(workload, "workload"),
        Objects.requireNonNull(check, "check"), List.of("ext4-ordered"), Strategy.DEFAULT,
        DEFAULT_BUDGET, 0, null, 0, Duration.ofSeconds(60));
  }

  /** This test with {@code setup} creating the initial files. */
  public CrashScenario setup(Setup newSetup) {
    return new CrashScenario(Objects.requireNonNull(newSetup, "setup"), workload, check, models,
        strategies, budget, seed, workDir, jobs, timeout,
        keptTrace, keepTrace, exhaustive, allowOther);
  }

  /**
   * This test explored under {@code names} ({@code prefix}, {@code drop-unsynced}, {@code
   * ext4-ordered}, {@code posix}).
   *
   * @throws IllegalArgumentException for none, or an unknown name (the message lists the known)
   */
  public CrashScenario models(String... names) {
    if (names.length == 0) {
      throw new IllegalArgumentException("no model given; name at least one of "
          + String.join(", ", PersistenceModel.NAMES));
    }
    for (String n : names) {
      PersistenceModel.of(n, ModelOptions.defaults());
    }
    return new CrashScenario(setup, workload, check, List.of(names), strategies, budget, seed,
        workDir, jobs, timeout,
        keptTrace, keepTrace, exhaustive, allowOther);
  }

  /**
   * This test with the strategies {@code list}, as on the command line ({@code minimal,omit-one},
   * {@code default}; docs/exploration.md).
   *
   * @throws IllegalArgumentException naming an unknown strategy and the known ones
   */
  public CrashScenario strategy(String list) {
    return new CrashScenario(setup, workload, check, models, Strategy.parseList(list), budget, seed,
        workDir, jobs, timeout,
        keptTrace, keepTrace, exhaustive, allowOther);
  }

  /** This test checking at most {@code states} distinct crash states per model. */
  public CrashScenario budget(int states) {
    if (states < 1) {
      throw new IllegalArgumentException(
          "budget " + states + " is not a positive number of states");
    }
    return new CrashScenario(setup, workload, check, models, strategies, states, seed, workDir,
        jobs, timeout,
        keptTrace, keepTrace, exhaustive, allowOther);
  }

  /** This test with every random choice of the exploration drawn from {@code newSeed}. */
  public CrashScenario seed(long newSeed) {
    return new CrashScenario(setup, workload, check, models, strategies, budget, newSeed, workDir,
        jobs, timeout,
        keptTrace, keepTrace, exhaustive, allowOther);
  }

  /**
   * This test working in {@code dir} (created if needed; default: a fresh temporary directory).
   * What the run creates there is deleted when it passes and kept when it fails.
   */
  public CrashScenario workDir(Path dir) {
    return new CrashScenario(setup, workload, check, models, strategies, budget, seed,
        Objects.requireNonNull(dir, "dir"), jobs, timeout,
        keptTrace, keepTrace, exhaustive, allowOther);
  }

  /** This test running {@code n} checks at once (default: up to 4, by processors). */
  public CrashScenario jobs(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("jobs " + n + " is not a positive number");
    }
    return new CrashScenario(setup, workload, check, models, strategies, budget, seed, workDir, n,
        timeout,
        keptTrace, keepTrace, exhaustive, allowOther);
  }

  /** This test giving each check at most {@code limit} (default 60 s) before calling it TIMEOUT. */
  public CrashScenario timeout(Duration limit) {
    if (limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("timeout " + limit + " is not positive");
    }
    return new CrashScenario(setup, workload, check, models, strategies, budget, seed, workDir,
        jobs, limit,
        keptTrace, keepTrace, exhaustive, allowOther);
  }

  /**
   * This test with the recorded directory usable by every user (and by a container that
   * bind-mounts it), file modes and owners checked as on a plain directory; default off: only the
   * user running the test. Needs root or {@code user_allow_other} in /etc/fuse.conf; the working
   * directory gets search permission for group and others so that they can reach the mount.
   */
  public CrashScenario allowOther(boolean allow) {
    return new CrashScenario(setup, workload, check, models, strategies, budget, seed, workDir,
        jobs, timeout, keptTrace, keepTrace, exhaustive, allow);
  }

  public List<String> models() {
    return models;
  }

  public long seed() {
    return seed;
  }

  public int budget() {
    return budget;
  }

  /**
   * This test exploring the trace kept by an earlier run ({@code trace}) instead of recording: the
   * setup and the workload do not run, so the crash states are those of that recording, and a
   * failure found on it comes back the same way (same models, seed and budget).
   */
  public CrashScenario trace(Path trace) {
    return with(Objects.requireNonNull(trace, "trace"), keepTrace, exhaustive);
  }

  /**
   * This test keeping its recorded trace in the working directory even when every state passes
   * (a failing run always keeps it), so that {@link CrashReport#state} and {@link #trace} can use
   * it later.
   */
  public CrashScenario keepTrace(boolean keep) {
    return with(keptTrace, keep, exhaustive);
  }

  /**
   * This test checking every crash state: the {@code exhaustive} strategy (every set of whole
   * units the model allows at each crash point worth visiting) plus one torn write at a time, with
   * no budget. The report says whether it really was exhaustive ({@link
   * CrashReport.Coverage#exhaustive}): the enumeration stops at {@code 4096} states per crash point.
   */
  public CrashScenario exhaustive() {
    return new CrashScenario(setup, workload, check, models,
        List.of(Strategy.EXHAUSTIVE, Strategy.TORN), Integer.MAX_VALUE, seed, workDir, jobs,
        timeout, keptTrace, keepTrace, true, allowOther);
  }

  /**
   * Whether {@link #exhaustive} was asked for (and not undone by a later strategy); a later budget
   * keeps it asked for, and the report says whether the budget cut it.
   */
  public boolean isExhaustive() {
    return exhaustive && strategies.contains(Strategy.EXHAUSTIVE);
  }

  /**
   * Records (or reads the {@linkplain #trace kept trace}), explores and checks. In the working
   * directory the trace is {@code trace} and the failing states of model M are under {@code M/};
   * older evidence there (of an earlier run) is replaced.
   *
   * @throws RecorderUnavailableException when this machine cannot record (one-line reason)
   * @throws IOException when the setup or the workload failed (nothing was explored), the kept
   *     trace cannot be read, or the working directory could not be used
   */
  public CrashReport run() throws IOException {
    return run(keptTrace == null ? Recorders.find() : null);
  }

  CrashReport run(RecorderProvider recorder) throws IOException {
    if (keptTrace == null) {
      Optional<String> reason = recorder.unavailableReason();
      if (reason.isPresent()) {
        throw new RecorderUnavailableException(reason.get());
      }
    } else if (!Files.isRegularFile(keptTrace)) {
      throw new IOException("no kept trace at " + keptTrace + "; give the path a failing run"
          + " printed (its 'trace and failing states kept in' directory holds it)");
    }
    Path work = workDir == null ? Files.createTempDirectory("blackout-crash-")
        : Files.createDirectories(workDir);
    Path tracePath;
    if (keptTrace == null) {
      tracePath = work.resolve(TRACE_FILE);
      Files.deleteIfExists(tracePath);
      record(recorder, work, tracePath);
    } else {
      tracePath = keptTrace;
    }
    Trace trace = TraceReader.read(tracePath);
    int jobCount = jobs > 0 ? jobs : Math.min(4, Runtime.getRuntime().availableProcessors());
    ExploreOptions options = ExploreOptions.defaults(seed).withStrategies(strategies)
        .withBudget(budget);
    Map<String, Exploration> explored = new LinkedHashMap<>();
    List<Path> stateDirs = new ArrayList<>();
    for (String model : models) {
      UnitGraph g = PersistenceModel.of(model, ModelOptions.defaults()).build(trace);
      Path states = work.resolve(model);
      Workspace.delete(states);
      stateDirs.add(states);
      Exploration e = new Explorer(g, options)
          .explore(checker(), states, jobCount, Shard.ALL, new Explorer.Listener() {});
      explored.put(model, e);
    }
    boolean failed = explored.values().stream().anyMatch(e -> !e.violations().isEmpty());
    for (Path p : stateDirs) {
      if (failed) {
        deleteIfEmpty(p);
      } else {
        Workspace.delete(p);
      }
    }
    boolean keep = failed || keepTrace || keptTrace != null;
    if (!keep) {
      Files.deleteIfExists(tracePath);
    }
    deleteIfEmpty(work);
    return new CrashReport(seed, explored, keep ? tracePath : null,
        Files.isDirectory(work) ? work : null, budget, isExhaustive());
  }

  /** The name of the trace file in the working directory. */
  public static final String TRACE_FILE = "trace";

  private void record(RecorderProvider recorder, Path work, Path tracePath) throws IOException {
    if (allowOther) {
      searchableByAll(work);
    }
    Path backing = work.resolve("recorded");
    Path mount = work.resolve("mnt");
    Workspace.delete(backing);
    Workspace.delete(mount);
    Files.createDirectory(backing);
    Files.createDirectory(mount);
    try {
      call("setup", () -> setup.prepare(backing));
      try (Recording rec =
          recorder.start(backing, mount, tracePath, new RecordingOptions(allowOther))) {
        call("workload", () -> workload.run(rec.directory(), rec));
      }
    } catch (IOException | RuntimeException | Error e) {
      Files.deleteIfExists(mount);
      Workspace.delete(backing);
      Files.deleteIfExists(tracePath);
      deleteIfEmpty(work);
      throw e;
    }
    Files.deleteIfExists(mount);
    Workspace.delete(backing);
  }

  private Checker checker() {
    return Checker.asserting(req -> check.check(req.state(), req.acked())).withTimeout(timeout);
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void call(String what, Step step) throws IOException {
    try {
      step.run();
    } catch (IOException | RuntimeException | Error e) {
      if (e instanceof RecorderUnavailableException) {
        throw e;
      }
      throw new IOException("the " + what + " failed before any crash state was explored: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("the " + what + " was interrupted", e);
    } catch (Exception e) {
      throw new IOException("the " + what + " failed before any crash state was explored: " + e, e);
    }
  }

  /** Adds search permission for group and others, so that other users can reach the mount. */
  private static void searchableByAll(Path dir) throws IOException {
    Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(dir));
    perms.add(PosixFilePermission.GROUP_EXECUTE);
    perms.add(PosixFilePermission.OTHERS_EXECUTE);
    Files.setPosixFilePermissions(dir, perms);
  }

  private static void deleteIfEmpty(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // not empty: something is kept there
    }
  }

  @Override
  public String toString() {
    return "CrashScenario[models=" + models + ", strategies=" + strategies + ", budget=" + budget
        + ", seed=" + seed + (keptTrace == null ? "" : ", trace=" + keptTrace) + "]";
  }
}
