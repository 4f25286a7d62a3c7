package dev.blackout.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.explore.ExploreOptions;
import dev.blackout.core.explore.Explorer;
import dev.blackout.core.explore.Strategy;
import dev.blackout.core.trace.Trace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * States built as corrections of full images (the fast path) equal the same states replayed unit
 * by unit from the last image before their first missing unit (the reference), on seeded random
 * traces, for every model, whatever order the states are asked for in.
 */
class StateImagesTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"prefix", "drop-unsynced", "ext4-ordered", "posix", "posix-split"})
  void correctedStatesEqualReplayedStates(String model) {
    ModelOptions options = ModelOptions.defaults();
    String name = model;
    if (model.equals("posix-split")) {
      options = options.withRename(ModelOptions.RenameMode.SPLIT);
      name = "posix";
    }
    int compared = 0;
    for (long seed = 1; seed <= 12; seed++) {
      Trace trace = RandomWorkloads.random(seed, 60 + (int) (seed * 7), seed % 3 == 0);
      UnitGraph g = PersistenceModel.of(name, options).build(trace);
      ExploreOptions o = ExploreOptions.defaults(seed).withBudget(400)
          .withStrategies(List.of(Strategy.MINIMAL, Strategy.MAXIMAL, Strategy.OMIT_ONE, Strategy.TORN,
              Strategy.IN_ORDER, Strategy.RANDOM));
      List<CrashState> states = new ArrayList<>();
      new Explorer(g, o.withPrune(false)).generate(new Explorer.Listener() {}).distinct()
          .forEach(c -> states.add(c.state()));
      Collections.shuffle(states, new Random(seed));
      StateImages fast = new StateImages(g);
      assertTrue(fast.corrective(), "random traces do not reuse inode ids");
      StateImages reference = new StateImages(g);
      for (CrashState s : states) {
        assertEquals(reference.replay(s).contentHash(), fast.image(s).contentHash(),
            model + " seed " + seed + " state " + StateIds.format(g, s));
        compared++;
      }
    }
    System.out.println("state images " + model + ": " + compared + " corrected states equal their replay");
    assertTrue(compared > 100, "compared " + compared);
  }
}
