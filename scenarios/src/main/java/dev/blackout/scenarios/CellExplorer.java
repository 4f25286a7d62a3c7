package dev.blackout.scenarios;

import dev.blackout.core.check.Shard;
import dev.blackout.core.check.Verdict;
import dev.blackout.core.explore.Exploration;
import dev.blackout.core.explore.ExploreOptions;
import dev.blackout.core.explore.Explorer;
import dev.blackout.core.explore.Violation;
import dev.blackout.core.model.CrashState;
import dev.blackout.core.model.PersistenceModel;
import dev.blackout.core.model.StateIds;
import dev.blackout.core.model.UnitGraph;
import dev.blackout.core.trace.Trace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Explores one recorded trace under one model with a scenario's checker: one {@link Cell}. */
final class CellExplorer {
  private CellExplorer() {}

  static Cell explore(Scenario s, Trace trace, Path traceFile, String model, SuiteOptions o,
      Path stateDir, Explorer.Listener listener) throws IOException {
    long start = System.nanoTime();
    UnitGraph g = PersistenceModel.of(model, o.modelOptions()).build(trace);
    ExploreOptions eo = ExploreOptions.defaults(o.seed()).withBudget(o.budget());
    Exploration e = new Explorer(g, eo).explore(Checkers.of(s), stateDir, o.jobs(), Shard.ALL,
        listener);
    long millis = (System.nanoTime() - start) / 1_000_000;
    List<Cell.Failure> failures = new ArrayList<>();
    for (Violation v : e.violations()) {
      failures.add(failure(g, v, traceFile, model));
    }
    return new Cell(s.name(), model, verdict(e), s.expectations().get(model), e.generated(),
        e.distinct(), e.checked(), e.violations().size(), millis, "", failures);
  }

  /** The table letter for an exploration (as design.md section 8 defines them). */
  static Outcome verdict(Exploration e) {
    if (e.count(Verdict.Kind.CHECKER_ERROR) + e.count(Verdict.Kind.TIMEOUT) > 0) {
      return Outcome.ERROR;
    }
    if (e.count(Verdict.Kind.ATOMICITY) + e.count(Verdict.Kind.ORDERING) > 0) {
      return Outcome.A;
    }
    return e.count(Verdict.Kind.DURABILITY) > 0 ? Outcome.D : Outcome.OK;
  }

  private static final java.util.regex.Pattern OP = java.util.regex.Pattern.compile("#(\\d+)");

  private static void opsNamed(String words, TreeSet<Long> into) {
    java.util.regex.Matcher m = OP.matcher(words);
    while (m.find()) {
      into.add(Long.parseLong(m.group(1)));
    }
  }

  private static Cell.Failure failure(UnitGraph g, Violation v, Path traceFile, String model) {
    TreeSet<Long> lost = new TreeSet<>();
    TreeSet<Long> torn = new TreeSet<>();
    try {
      CrashState min = StateIds.parse(g, v.fullMinimizedId());
      for (int u : min.omitted()) {
        lost.add(g.seq(u));
      }
      for (int u : min.torn().keySet()) {
        torn.add(g.seq(u));
      }
    } catch (RuntimeException e) {
      // An unparsable id only loses the highlighting in the picture.
    }
    // Under drop-unsynced a state id names no omitted units: the words still name the ops.
    v.omitted().forEach(w -> opsNamed(w, lost));
    v.torn().forEach(w -> opsNamed(w, torn));
    String flags = g.options().toFlags();
    String replay = "blackout replay --trace " + traceFile + " --model " + model
        + (flags.isEmpty() ? "" : " " + flags) + " --state " + v.minimizedId() + " --out DIR";
    return new Cell.Failure(v.stateId(), v.minimizedId(), v.crashPoint(),
        v.classification().name(), v.explanation(), v.checkerOutput(), v.acked(), v.omitted(),
        v.torn(), List.copyOf(lost), List.copyOf(torn), replay,
        v.statePath() == null ? "" : v.statePath(), v.cause());
  }
}
