package dev.blackout.core.bench;

import dev.blackout.core.explore.ExploreOptions;
import dev.blackout.core.explore.Explorer;
import dev.blackout.core.model.ModelOptions;
import dev.blackout.core.model.PersistenceModel;
import dev.blackout.core.model.UnitGraph;
import dev.blackout.core.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts that are not speeds: retained memory per op of a unit graph, crash points pruning saves,
 * states deduplication saves, and the time one default exploration (budget 1000) spends
 * generating and deduplicating. Run: {@code java -cp <bench classpath>
 * dev.blackout.core.bench.ExploreStats [model...] [ops...]} (docs/benchmarks.md).
 */
public final class ExploreStats {

  private ExploreStats() {}

  public static void main(String[] args) {
    List<Integer> sizes = new ArrayList<>();
    List<String> models = new ArrayList<>();
    for (String a : args) {
      if (PersistenceModel.NAMES.contains(a)) {
        models.add(a);
      } else {
        sizes.add(Integer.parseInt(a));
      }
    }
    if (models.isEmpty()) {
      models = PersistenceModel.NAMES;
    }
    if (sizes.isEmpty()) {
      sizes = List.of(1000, 10000, 100000);
    }
    System.out.println("model | ops | units | graph bytes/op | points visited/total | generated | distinct | generate+dedup ms");
    for (String model : models) {
      for (int ops : sizes) {
        Trace trace = BenchWorkloads.database(ops, 1);
        long before = used();
        UnitGraph g = PersistenceModel.of(model, ModelOptions.defaults()).build(trace);
        long after = used();
        Explorer e = new Explorer(g, ExploreOptions.defaults(1));
        long t0 = System.nanoTime();
        Explorer.Generated gen = e.generate(new Explorer.Listener() {});
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("%s | %d | %d | %d | %d/%d | %d | %d | %d%n", model, g.opCount(), g.unitCount(),
            (after - before) / Math.max(1, g.opCount()), e.points().size(), g.opCount() + 1, gen.generated(),
            gen.distinct().size(), ms);
      }
    }
  }

  private static long used() {
    Runtime r = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return r.totalMemory() - r.freeMemory();
  }
}
