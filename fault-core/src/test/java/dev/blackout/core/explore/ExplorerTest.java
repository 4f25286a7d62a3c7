package dev.blackout.core.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.check.CheckResult;
import dev.blackout.core.check.Checker;
import dev.blackout.core.check.Shard;
import dev.blackout.core.image.MaterializeException;
import dev.blackout.core.model.CrashState;
import dev.blackout.core.model.ModelOptions;
import dev.blackout.core.model.PersistenceModel;
import dev.blackout.core.model.RandomWorkloads;
import dev.blackout.core.model.StateIds;
import dev.blackout.core.model.StateImages;
import dev.blackout.core.model.UnitGraph;
import dev.blackout.core.testing.TraceBuilder;
import dev.blackout.core.trace.RawNames;
import dev.blackout.core.trace.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExplorerTest {

  private static UnitGraph graph(String model, long seed, int ops) {
    Trace trace = RandomWorkloads.random(seed, ops, false);
    return PersistenceModel.of(model, ModelOptions.defaults()).build(trace);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"prefix", "drop-unsynced", "ext4-ordered", "posix"})
  void theSameSeedGivesTheSameStates(String model) {
    UnitGraph g = graph(model, 7, 120);
    ExploreOptions o = ExploreOptions.defaults(42).withBudget(200);
    List<String> a = new Explorer(g, o).generate(new Explorer.Listener() {}).ids();
    List<String> b = new Explorer(graph(model, 7, 120), o).generate(new Explorer.Listener() {}).ids();
    assertEquals(a, b, model + " seed 42");
    assertTrue(a.size() <= 200, "budget respected");
  }

  @Test
  void randomStopsWhenItFindsNothingNewAndTheBudgetIsReportedUncut() {
    // a space of a few thousand states at most under a budget of 100,000: random sampling stops after
    // RANDOM_SATURATION fruitless proposals instead of making 50 x budget of them
    UnitGraph g = graph("ext4-ordered", 3, 20);
    ExploreOptions o = ExploreOptions.defaults(5).withBudget(100_000);
    Explorer.Generated gen = new Explorer(g, o).generate(new Explorer.Listener() {});
    assertFalse(gen.budgetReached());
    assertTrue(gen.proposals() < 100L * Explorer.RANDOM_SATURATION, "proposals " + gen.proposals());
    assertTrue(gen.estimatedStates() >= gen.distinct().size());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"prefix", "drop-unsynced", "ext4-ordered", "posix"})
  void aBudgetThatCutsGenerationIsReported(String model) {
    UnitGraph g = graph(model, 7, 200);
    Explorer.Generated cut = new Explorer(g, ExploreOptions.defaults(1).withBudget(10)).generate(new Explorer.Listener() {});
    assertTrue(cut.budgetReached(), model);
    assertEquals(10, cut.distinct().size(), model);
    assertTrue(cut.estimatedStates() == -1 || cut.estimatedStates() >= 10, model + " " + cut.estimatedStates());
  }

  @Test
  void idsAreShortWhateverTheStateAndTheFullIdNamesTheSameState() {
    UnitGraph g = graph("posix", 11, 400);
    ExploreOptions o = ExploreOptions.defaults(2).withStrategies(List.of(Strategy.RANDOM)).withBudget(60);
    int shortForms = 0;
    for (Explorer.Candidate c : new Explorer(g, o).generate(new Explorer.Listener() {}).distinct()) {
      assertTrue(c.id().length() <= StateIds.MAX_LENGTH, c.id());
      String full = StateIds.format(g, c.state());
      assertEquals(StateIds.shorten(full), c.id());
      assertEquals(c.state(), StateIds.parse(g, full));
      if (StateIds.isShort(c.id())) {
        shortForms++;
        assertTrue(c.id().startsWith("k" + c.state().point() + "-h"), c.id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateIds.parse(g, c.id()));
        assertTrue(e.getMessage().contains("short form"), e.getMessage());
      }
    }
    assertTrue(shortForms > 0, "random states of a 400-op posix trace have long full ids");
  }

  @Test
  void failingStatesKeptOnDiskAreCapped(@TempDir Path dir) throws Exception {
    UnitGraph g = graph("posix", 4, 80);
    ExploreOptions o = ExploreOptions.defaults(1).withBudget(12).withMinimizeCalls(0).withKeep(3, Long.MAX_VALUE);
    Exploration e = new Explorer(g, o).explore((Checker) req -> dev.blackout.core.check.CheckResult.fail("no"),
        dir, 2, Shard.ALL, new Explorer.Listener() {});
    assertEquals(12, e.violations().size());
    assertEquals(3, e.keptStates());
    assertEquals(9, e.droppedStates());
    assertEquals(3, e.violations().stream().filter(v -> v.statePath() != null).count());
    for (Violation v : e.violations()) {
      assertEquals(v.statePath() != null, v.statePath() != null && java.nio.file.Files.isDirectory(Path.of(v.statePath())));
    }
    Exploration none = new Explorer(g, o.withKeep(10, 0)).explore((Checker) req -> dev.blackout.core.check.CheckResult.fail("no"),
        dir.resolve("b"), 2, Shard.ALL, new Explorer.Listener() {});
    assertEquals(0, none.keptStates(), "no bytes allowed: nothing kept");
  }

  @Test
  void noPruneVisitsEveryPointAndKeepsAcknowledgementsApart() {
    UnitGraph g = graph("posix", 4, 80);
    ExploreOptions o = ExploreOptions.defaults(3).withBudget(100_000)
        .withStrategies(List.of(Strategy.MINIMAL, Strategy.MAXIMAL));
    Explorer pruned = new Explorer(g, o);
    Explorer all = new Explorer(g, o.withPrune(false));
    assertEquals(g.opCount() + 1, all.points().size());
    assertTrue(pruned.points().size() < all.points().size());
    Explorer.Generated every = all.generate(new Explorer.Listener() {});
    // with --no-prune two states of equal content but different acknowledgements are both kept
    Set<String> contents = new TreeSet<>();
    every.distinct().forEach(c -> contents.add(c.hash()));
    assertEquals(every.contentKeys().size(), every.distinct().size());
    assertTrue(every.distinct().size() > contents.size(), "some content seen with different acks");
  }

  @Test
  void exhaustiveStopsAtItsBoundAndSaysSo() {
    UnitGraph g = graph("posix", 5, 60);
    ExploreOptions small = new ExploreOptions(List.of(Strategy.EXHAUSTIVE), 100_000, 1, true, 3, 0);
    Explorer.Generated gen = new Explorer(g, small).generate(new Explorer.Listener() {});
    assertTrue(gen.exhaustiveTruncated());
    assertTrue(gen.generated() <= 3L * new Explorer(g, small).points().size());
  }

  @Test
  void anotherSeedGivesOtherRandomStates() {
    UnitGraph g = graph("posix", 7, 120);
    ExploreOptions o = ExploreOptions.defaults(1).withStrategies(List.of(Strategy.RANDOM)).withBudget(50);
    List<String> a = new Explorer(g, o).generate(new Explorer.Listener() {}).ids();
    List<String> b = new Explorer(g, ExploreOptions.defaults(2).withStrategies(List.of(Strategy.RANDOM)).withBudget(50))
        .generate(new Explorer.Listener() {}).ids();
    assertNotEquals(a, b);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"prefix", "drop-unsynced", "ext4-ordered", "posix"})
  void everyIdReplaysToTheSameContent(String model) {
    UnitGraph g = graph(model, 3, 80);
    Explorer e = new Explorer(g, ExploreOptions.defaults(5).withBudget(150));
    StateImages fresh = new StateImages(graph(model, 3, 80));
    UnitGraph g2 = graph(model, 3, 80);
    for (Explorer.Candidate c : e.generate(new Explorer.Listener() {}).distinct()) {
      CrashState back = StateIds.parse(g2, c.id());
      assertEquals(c.hash(), fresh.image(back).contentHash(), model + " state " + c.id());
    }
  }

  @Test
  void badIdsAreRefusedWithAReason() {
    UnitGraph g = graph("posix", 3, 40);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> StateIds.parse(g, "x12")).getMessage()
        .contains("not of the form"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> StateIds.parse(g, "k999")).getMessage()
        .contains("past the trace"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> StateIds.parse(g, "k3-o9.0")).getMessage()
        .contains("9.0"));
    UnitGraph d = graph("drop-unsynced", 3, 40);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> StateIds.parse(d, "k" + d.opCount() + "-o" + d.unitId(0))).getMessage()
        .contains("fixed"));
  }

  @Test
  void forcedUnitsCannotBeOmitted() {
    UnitGraph g = graph("prefix", 3, 40);
    // under prefix every unit is durable when its op completes
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StateIds.parse(g, "k40-o" + g.unitId(0)));
    assertTrue(e.getMessage().contains("durable from op"), e.getMessage());
  }

  @Test
  void shardsCoverTheWholeRunExactlyOnce(@TempDir Path tmp) throws Exception {
    SeedPatterns.Pattern p = SeedPatterns.renameNoFsync();
    UnitGraph g = PersistenceModel.of("posix", ModelOptions.defaults()).build(p.trace());
    ExploreOptions o = ExploreOptions.defaults(9);
    List<String> whole = Collections.synchronizedList(new ArrayList<>());
    Exploration all = new Explorer(g, o).explore(recording(p.checker(), whole), tmp.resolve("all"), 2, Shard.ALL,
        new Explorer.Listener() {});
    Set<String> union = new TreeSet<>();
    List<String> violations = new ArrayList<>();
    int n = 3;
    long checked = 0;
    for (int i = 0; i < n; i++) {
      int shard = i;
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      Exploration part = new Explorer(g, o).explore(recording(p.checker(), seen), tmp.resolve("s" + i), 1,
          new Shard(shard + 1, n), new Explorer.Listener() {});
      checked += part.checked();
      for (String id : seen) {
        assertTrue(union.add(id) || !id.startsWith("k"), "state checked by two shards: " + id);
      }
      part.violations().forEach(v -> violations.add(v.stateId()));
    }
    assertEquals(all.checked(), checked);
    assertEquals(new TreeSet<>(all.violations().stream().map(Violation::stateId).toList()), new TreeSet<>(violations));
    assertFalse(all.violations().isEmpty(), "the pattern has violations under posix");
  }

  /** A checker that records the ids of the states it was asked about (minimization included). */
  private static Checker recording(Checker inner, List<String> ids) {
    return request -> {
      if (!request.state().getFileName().toString().startsWith("minimize-")) {
        ids.add(request.stateId());
      }
      return inner.run(request);
    };
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ext4-ordered", "posix"})
  void aLostRenameBeforeItsAckIsOneCauseHoweverItWasLost(String model, @TempDir Path tmp)
      throws Exception {
    // create tmp, write, rename over db, ack, no fsync: losing the create, the data or the rename
    // itself all leave the old db behind an ack, and a user should read that as one bug
    SeedPatterns.Pattern p = SeedPatterns.renameNoFsync();
    Exploration e = SeedPatternTableTest.explore(p, model, tmp);
    List<Exploration.Cause> durability =
        e.causes().stream()
            .filter(c -> c.classification() == dev.blackout.core.check.Verdict.Kind.DURABILITY)
            .toList();
    assertEquals(1, durability.size(), "DURABILITY causes under " + model + ": " + durability);
    Exploration.Cause c = durability.get(0);
    assertTrue(c.states() >= 2, "several lost states share the cause: " + c);
    assertTrue(
        c.explanation().startsWith("rename #") && c.explanation().contains("'db'"),
        "the cause names the lost rename: " + c.explanation());
  }

  @Test
  void keptStateDirectoriesHaveNoColonSoPathListsAndJdbcUrlsCanNameThem() {
    Explorer.Candidate torn = new Explorer.Candidate(null, "k12-o3-t7.0:0-2_5", "ab12", 1);
    assertEquals("k12-o3-t7.0=0-2_5", Explorer.dirName(torn));
    Explorer.Candidate plain = new Explorer.Candidate(null, "k4-o1", "cd34", 0);
    assertEquals("k4-o1", Explorer.dirName(plain));
  }

  @Test
  void aStateThatCannotBeWrittenStopsTheRunAndIsNeverBlamedOnTheChecker(@TempDir Path work)
      throws Exception {
    TraceBuilder b = TraceBuilder.create();
    long f = b.create(TraceBuilder.ROOT,
        RawNames.decode(new byte[] {'x', (byte) 0xff}));
    b.write(f, 0, "data");
    b.close(f);
    UnitGraph g = PersistenceModel
        .of("prefix", ModelOptions.defaults()).build(b.build());
    Checker checker = request -> {
      assertFalse(Files.exists(request.state().resolve("x\uFFFD")), "a merged name was written");
      return CheckResult.pass();
    };
    MaterializeException e = assertThrows(
        MaterializeException.class,
        () -> new Explorer(g, ExploreOptions.defaults(1)).explore(checker, work, 1,
            Shard.ALL, new Explorer.Listener() {}));
    assertTrue(e.getMessage().startsWith("cannot write crash state k"), e.getMessage());
    assertTrue(e.getMessage().contains("'x\\xff' is not valid UTF-8"), e.getMessage());
  }
}
