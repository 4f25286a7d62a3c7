package dev.blackout.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.testing.TraceBuilder;
import dev.blackout.core.trace.Trace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The layered enumeration finds exactly the states a brute-force walk over every ideal at every
 * crash point finds (torn writes off, where ideals are all there is), on seeded random traces.
 */
class ModelStateSpaceTest {

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String model : PersistenceModel.NAMES) {
      for (long seed = 1; seed <= 12; seed++) {
        out.add(Arguments.of(model, seed));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void sameStatesAsEveryIdeal(String model, long seed) {
    Trace t = RandomWorkloads.random(seed, 14, false);
    UnitGraph g = PersistenceModel.of(model, ModelOptions.defaults().withTorn(0)).build(t);
    TreeSet<String> layered = new TreeSet<>();
    ModelStateSpace.Result r = ModelStateSpace.enumerate(g, 1_000_000,
        (k, image) -> layered.add(k + " " + image.contentHash()));
    assertFalse(r.truncated(), "seed " + seed);
    assertEquals(bruteForce(g), layered, "model " + model + ", seed " + seed);
  }

  /** Every ideal containing the forced units at every crash point, by recursion over units. */
  private static TreeSet<String> bruteForce(UnitGraph g) {
    TreeSet<String> out = new TreeSet<>();
    StateImages images = new StateImages(g);
    for (long k = 0; k <= g.opCount(); k++) {
      if (!g.pendingMayPersist()) {
        out.add(k + " " + images.image(CrashState.full(k)).contentHash());
        continue;
      }
      BitSet forced = States.forced(g, k);
      List<Integer> pending = new ArrayList<>();
      for (int u = 0; u < g.unitsUpTo(k); u++) {
        if (!forced.get(u)) {
          pending.add(u);
        }
      }
      ideals(g, k, pending, 0, (BitSet) forced.clone(), images, out);
    }
    return out;
  }

  private static void ideals(UnitGraph g, long k, List<Integer> pending, int i, BitSet present, StateImages images,
      TreeSet<String> out) {
    if (i == pending.size()) {
      out.add(k + " " + images.image(States.fromPresent(g, k, (BitSet) present.clone(), Map.of())).contentHash());
      return;
    }
    int u = pending.get(i);
    boolean ok = true;
    for (int p : g.preds(u)) {
      ok &= present.get(p);
    }
    if (ok) {
      present.set(u);
      ideals(g, k, pending, i + 1, present, images, out);
      present.clear(u);
    }
    ideals(g, k, pending, i + 1, present, images, out);
  }

  @Test
  void tornWritesTakeEveryShapeOfTheirBlocks() {
    TraceBuilder b = TraceBuilder.create();
    long f = b.create(TraceBuilder.ROOT, "f");
    b.write(f, 0, "aaaabbbbcccc".getBytes(StandardCharsets.UTF_8));
    UnitGraph g = PersistenceModel.of("posix", ModelOptions.defaults().withTorn(4)).build(b.build());
    TreeSet<String> contents = new TreeSet<>();
    ModelStateSpace.enumerate(g, 1000, (k, image) -> {
      var ino = image.lookup(TraceBuilder.ROOT, "f");
      if (ino.isPresent() && image.size(ino.getAsLong()) == 12) {
        contents.add(new String(image.read(ino.getAsLong()), StandardCharsets.ISO_8859_1).replace('\0', '.'));
      }
    });
    assertEquals(new TreeSet<>(List.of("............", "aaaa........", "....bbbb....", "........cccc",
        "aaaabbbb....", "aaaa....cccc", "....bbbbcccc", "aaaabbbbcccc")), contents);
  }

  @Test
  void anAcknowledgedTruncateMayBeLost() {
    TraceBuilder b = TraceBuilder.create().file("f", new byte[8192]);
    long f = b.inode("f");
    b.marker("intent");
    b.open(f, dev.blackout.core.trace.OpenFlags.O_RDWR);
    b.truncate(f, 100);
    b.close(f);
    b.marker("ack");
    UnitGraph g = PersistenceModel.of("ext4-ordered", ModelOptions.defaults()).build(b.build());
    TreeSet<String> seen = new TreeSet<>();
    ModelStateSpace.enumerate(g, 1000, (k, image) ->
        seen.add(k + ":" + image.size(image.lookup(TraceBuilder.ROOT, "f").getAsLong())));
    assertTrue(seen.contains(g.opCount() + ":8192"), seen.toString());
    assertTrue(seen.contains(g.opCount() + ":100"), seen.toString());
  }

  @Test
  void reportsTruncationAtTheBound() {
    Trace t = RandomWorkloads.random(3, 20, false);
    UnitGraph g = PersistenceModel.of("posix", ModelOptions.defaults()).build(t);
    ModelStateSpace.Result r = ModelStateSpace.enumerate(g, 2, (k, image) -> {});
    assertTrue(r.truncated());
    assertThrows(IllegalArgumentException.class, () -> ModelStateSpace.enumerate(g, 0, (k, image) -> {}));
  }

  @Test
  void dropUnsyncedHasOneStatePerCrashPoint() {
    Trace t = RandomWorkloads.random(5, 10, false);
    UnitGraph g = PersistenceModel.of("drop-unsynced", ModelOptions.defaults()).build(t);
    List<Long> points = new ArrayList<>();
    ModelStateSpace.enumerate(g, 10, (k, image) -> points.add(k));
    assertEquals(g.opCount() + 1, points.size());
  }
}
