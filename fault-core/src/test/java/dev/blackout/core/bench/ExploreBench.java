package dev.blackout.core.bench;

import dev.blackout.core.explore.ExploreOptions;
import dev.blackout.core.explore.Explorer;
import dev.blackout.core.explore.Strategy;
import dev.blackout.core.model.CrashState;
import dev.blackout.core.model.ModelOptions;
import dev.blackout.core.model.PersistenceModel;
import dev.blackout.core.model.StateIds;
import dev.blackout.core.model.StateImages;
import dev.blackout.core.model.UnitGraph;
import dev.blackout.core.trace.Trace;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Crash-state exploration cost for traces of {@code ops} operations ({@link BenchWorkloads}):
 * cutting the trace into units ({@code buildGraph}, traces/s), and building one crash state in
 * memory and hashing it ({@code stateImage}, states/s: what generation and deduplication cost per
 * state). Run with {@code bench/jmh ExploreBench}; results in docs/benchmarks.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class ExploreBench {

  @Param({"1000", "10000", "100000"})
  public int ops;

  @Param({"ext4-ordered", "posix"})
  public String model;

  Trace trace;
  UnitGraph graph;
  StateImages images;
  List<CrashState> states;
  int next;

  @Setup(Level.Trial)
  public void setUp() {
    trace = BenchWorkloads.database(ops, 1);
    graph = PersistenceModel.of(model, ModelOptions.defaults()).build(trace);
    images = new StateImages(graph);
    // random states over all visited crash points: a sample of the whole trace, not its start
    ExploreOptions o = ExploreOptions.defaults(1).withStrategies(List.of(Strategy.RANDOM)).withBudget(200);
    states = new Explorer(graph, o).generate(new Explorer.Listener() {}).ids().stream()
        .map(id -> StateIds.parse(graph, id))
        .toList();
  }

  @Benchmark
  public UnitGraph buildGraph() {
    return PersistenceModel.of(model, ModelOptions.defaults()).build(trace);
  }

  @Benchmark
  public String stateImage() {
    CrashState s = states.get(next++ % states.size());
    return images.image(s).contentHash();
  }
}
