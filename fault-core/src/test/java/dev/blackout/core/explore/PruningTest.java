package dev.blackout.core.explore;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.model.ModelOptions;
import dev.blackout.core.model.PersistenceModel;
import dev.blackout.core.model.RandomWorkloads;
import dev.blackout.core.model.UnitGraph;
import dev.blackout.core.trace.Trace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crash-point pruning loses no distinct state (design.md section 4): every state found at every
 * crash point, by exhaustive enumeration, is also found at a visited point with the same content
 * and at least as many acknowledgements.
 */
class PruningTest {

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String model : List.of("ext4-ordered", "posix")) {
      for (long seed = 1; seed <= 8; seed++) {
        out.add(Arguments.of(model, seed));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void pruningLosesNoDistinctState(String model, long seed) {
    Trace trace = RandomWorkloads.random(seed, 14, false);
    UnitGraph g = PersistenceModel.of(model, ModelOptions.defaults().withTorn(0)).build(trace);
    ExploreOptions o = ExploreOptions.defaults(seed)
        .withStrategies(List.of(Strategy.EXHAUSTIVE))
        .withBudget(1_000_000);
    Explorer.Generated all = new Explorer(g, o.withPrune(false)).generate(new Explorer.Listener() {});
    Explorer pruner = new Explorer(g, o);
    Explorer.Generated pruned = pruner.generate(new Explorer.Listener() {});
    String where = model + " seed " + seed;
    assertFalse(all.exhaustiveTruncated() || pruned.exhaustiveTruncated(), "enumeration truncated, " + where);
    Map<String, Integer> best = new HashMap<>();
    for (String key : pruned.contentKeys()) {
      int hash = key.lastIndexOf('#');
      best.merge(key.substring(0, hash), Integer.parseInt(key.substring(hash + 1)), Math::max);
    }
    for (String key : all.contentKeys()) {
      int hash = key.lastIndexOf('#');
      Integer acks = best.get(key.substring(0, hash));
      assertTrue(acks != null && acks >= Integer.parseInt(key.substring(hash + 1)),
          "state " + key + " lost by pruning, " + where);
    }
    long saved = (g.opCount() + 1L) - pruner.points().size();
    assertTrue(saved >= 0, where);
    System.out.println("pruning " + where + ": visited " + pruner.points().size() + " of " + (g.opCount() + 1)
        + " crash points, saved " + saved + "; distinct states " + all.distinct().size() + " -> " + pruned.distinct().size());
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void pruningSavesPointsOnLongerTraces(String model, long seed) {
    Trace trace = RandomWorkloads.random(seed, 200, false);
    UnitGraph g = PersistenceModel.of(model, ModelOptions.defaults()).build(trace);
    Explorer pruner = new Explorer(g, ExploreOptions.defaults(seed));
    assertTrue(pruner.points().size() < g.opCount() + 1, "pruning saved nothing, " + model + " seed " + seed);
    assertTrue(pruner.points().contains((long) g.opCount()), "the end is always visited");
  }
}
