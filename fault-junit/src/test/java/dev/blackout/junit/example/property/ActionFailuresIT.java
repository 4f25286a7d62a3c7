package dev.blackout.junit.example.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.crashtest.property.Action;
import dev.blackout.core.crashtest.property.Call;
import dev.blackout.core.crashtest.property.PropertyReport;
import dev.blackout.core.crashtest.property.Shrinker;
import dev.blackout.core.crashtest.property.StoreProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Actions that throw while a sequence is recorded: a drawn sequence names the action, the
 * sequence and the seed; a shrunk candidate that cannot run (it lacks an action another needs) is
 * skipped, and shrinking goes on.
 */
class ActionFailuresIT {
  @TempDir Path tmp;

  /** The file store without a directory fsync, plus an action that needs an earlier put. */
  static final StoreProperty<FileKvStore> NEEDS_PUT = Stores.files(false).javaName("NEEDS_PUT")
      .action(Action.<FileKvStore>of("needsPut", (s, a) -> {
        if (s.readAll().isEmpty()) {
          throw new IllegalStateException("nothing was put yet");
        }
      }))
      .length(2, 2);

  /** The first seed whose first drawn sequence matches (drawing is deterministic in the seed). */
  private static long seedWhoseFirstDraw(Predicate<List<Call>> wanted) {
    for (long seed = 0; seed < 10_000; seed++) {
      if (wanted.test(NEEDS_PUT.draw(new Random(seed)))) {
        return seed;
      }
    }
    throw new AssertionError("no seed below 10000 draws such a sequence");
  }

  private PropertyReport run(long seed) throws IOException {
    return NEEDS_PUT.run(List.of("ext4-ordered"), seed, 1, Shrinker.Limits.DEFAULT, tmp,
        s -> s.budget(50));
  }

  @Test
  void aDrawnSequenceWhoseActionThrowsNamesTheActionTheSequenceAndTheSeed() {
    long seed = seedWhoseFirstDraw(calls -> calls.get(0).action().equals("needsPut"));
    List<Call> drawn = NEEDS_PUT.draw(new Random(seed));
    IOException e = assertThrows(IOException.class, () -> run(seed));
    assertEquals("property 'file per key, no directory fsync': sequence 1 of 1 (seed " + seed
        + ") failed while it was recorded, before any crash: action 1, needsPut(), threw"
        + " java.lang.IllegalStateException: nothing was put yet; the sequence: 1. needsPut(), 2. "
        + drawn.get(1), e.getMessage());
  }

  @Test
  void aShrinkCandidateThatCannotRunIsSkipped() throws IOException {
    long seed = seedWhoseFirstDraw(calls -> calls.get(0).action().equals("put")
        && calls.get(1).action().equals("needsPut"));
    PropertyReport r = run(seed);
    assertFalse(r.passed());
    assertEquals(List.of(NEEDS_PUT.call("put", "k0", "a")), r.shrunk());
    assertTrue(r.shrinkAttempts() >= 2, "the candidate [needsPut()] was tried: " + r.shrinkAttempts());
  }
}
