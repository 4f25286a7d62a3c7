package dev.blackout.core.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.check.Shard;
import dev.blackout.core.check.Verdict;
import dev.blackout.core.model.CrashState;
import dev.blackout.core.model.ModelOptions;
import dev.blackout.core.model.PersistenceModel;
import dev.blackout.core.model.StateIds;
import dev.blackout.core.model.UnitGraph;
import dev.blackout.core.testing.TraceBuilder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinimizerTest {

  @TempDir Path tmp;

  @Test
  void unrelatedLostWritesAreMinimizedAway() throws Exception {
    TraceBuilder b = TraceBuilder.create().file("db", SeedPatterns.OLD);
    for (String noise : List.of("n1", "n2", "n3", "n4")) {
      long f = b.create(TraceBuilder.ROOT, noise);
      b.write(f, 0, "noise " + noise);
      b.close(f);
    }
    long tmpFile = b.create(TraceBuilder.ROOT, "db.tmp");
    b.write(tmpFile, 0, SeedPatterns.NEW);
    b.close(tmpFile);
    b.rename(TraceBuilder.ROOT, "db.tmp", TraceBuilder.ROOT, "db");
    b.marker("ack");
    UnitGraph g = PersistenceModel.of("posix", ModelOptions.defaults()).build(b.build());
    ExploreOptions o = ExploreOptions.defaults(11).withStrategies(List.of(Strategy.RANDOM)).withBudget(60);
    Exploration e = new Explorer(g, o).explore(SeedPatterns.oldOrNew("db", SeedPatterns.OLD, SeedPatterns.NEW),
        tmp, 2, Shard.ALL, new Explorer.Listener() {});
    List<Violation> ordering = e.violations().stream().filter(v -> v.classification() == Verdict.Kind.ORDERING).toList();
    assertFalse(ordering.isEmpty(), e.summary());
    boolean someNoiseInFound = false;
    for (Violation v : ordering) {
      CrashState found = StateIds.parse(g, v.stateId());
      CrashState min = StateIds.parse(g, v.minimizedId());
      assertTrue(min.size() <= found.size(), v.toString());
      assertEquals(1, min.size(), "one lost unit explains it: " + v.minimizedId() + " from " + v.stateId());
      assertTrue(v.explanation().contains("'db.tmp'"), v.explanation());
      assertFalse(v.explanation().contains("'n1'") || v.explanation().contains("'n4'"), v.explanation());
      someNoiseInFound |= found.size() > 1;
    }
    assertTrue(someNoiseInFound, "the random states also lost noise units (else minimization was not exercised)");
  }

  @Test
  void aTornOverwriteIsAnAtomicityViolation() throws Exception {
    byte[] old = new byte[2048];
    Arrays.fill(old, (byte) 'o');
    byte[] fresh = new byte[2048];
    Arrays.fill(fresh, (byte) 'n');
    TraceBuilder b = TraceBuilder.create().file("db", old);
    long db = b.inode("db");
    b.open(db, dev.blackout.core.trace.OpenFlags.O_WRONLY);
    b.write(db, 0, fresh); // in place, same length, four sectors
    b.close(db);
    UnitGraph g = PersistenceModel.of("posix", ModelOptions.defaults()).build(b.build());
    ExploreOptions o = ExploreOptions.defaults(1).withStrategies(List.of(Strategy.MAXIMAL, Strategy.TORN));
    Exploration e = new Explorer(g, o).explore(SeedPatterns.oldOrNew("db", old, fresh), tmp, 1, Shard.ALL,
        new Explorer.Listener() {});
    assertFalse(e.violations().isEmpty(), e.summary());
    for (Violation v : e.violations()) {
      assertEquals(Verdict.Kind.ATOMICITY, v.classification(), v.toString());
      assertTrue(v.explanation().contains("was torn"), v.explanation());
    }
  }
}
