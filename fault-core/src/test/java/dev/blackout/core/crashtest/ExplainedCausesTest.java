package dev.blackout.core.crashtest;

import static dev.blackout.core.testing.TraceBuilder.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.check.Verdict;
import dev.blackout.core.explore.Violation;
import dev.blackout.core.testing.TraceBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Causes that point at the fix, on hand-written traces explored through {@link
 * CrashScenario#trace} (no recorder): the lost units named are those the check needs, the fix names
 * the missing barrier and between which ops, and an acknowledgement of data never written is said
 * plainly.
 */
class ExplainedCausesTest {
  @TempDir Path tmp;

  private static String read(Path state, String name) throws IOException {
    Path p = state.resolve(name);
    return Files.exists(p) ? Files.readString(p) : "(none)";
  }

  private CrashReport explore(TraceBuilder b, StateCheck check, String... models) throws IOException {
    Path trace = b.writeTo(tmp.resolve("trace"));
    return CrashScenario.of((d, m) -> {}, check).trace(trace).models(models)
        .workDir(tmp.resolve("work")).run();
  }

  private static Violation first(CrashReport r, String model) {
    String example = r.explorations().get(model).causes().get(0).exampleId();
    return r.explorations().get(model).violations().stream()
        .filter(v -> v.minimizedId().equals(example)).findFirst().orElseThrow();
  }

  @Test
  void aRenameOfAPointerBeforeTheEntryItPointsToNamesTheDirectoryFsync() throws IOException {
    // CURRENT names the live MANIFEST: a new manifest is written and fsynced (the file, not its
    // directory), then CURRENT is replaced by rename; under posix the rename may persist first.
    TraceBuilder b = TraceBuilder.create().file("MANIFEST-1", "m1".getBytes())
        .file("CURRENT", "MANIFEST-1".getBytes());
    long m = b.create(ROOT, "MANIFEST-2");
    b.write(m, 0, "m2");
    b.fsync(m);
    b.close(m);
    long c = b.create(ROOT, "CURRENT.tmp");
    b.write(c, 0, "MANIFEST-2");
    b.fsync(c);
    b.close(c);
    b.rename(ROOT, "CURRENT.tmp", ROOT, "CURRENT");
    b.fsyncdir(ROOT);
    b.marker("opened");
    CrashReport r = explore(b, (state, acked) -> {
      String current = read(state, "CURRENT");
      assertTrue(Files.exists(state.resolve(current)), "CURRENT names " + current
          + ", which does not exist");
    }, "posix", "ext4-ordered");
    assertTrue(r.explorations().get("ext4-ordered").violations().isEmpty(), "ext4 orders them");
    Violation v = first(r, "posix");
    assertEquals(Verdict.Kind.ORDERING, v.classification());
    assertEquals("rename #11 'CURRENT.tmp'→'CURRENT' persisted while create #1 'MANIFEST-2' did not",
        v.explanation());
    assertEquals("fsync the directory '.' after create #1 'MANIFEST-2' and before rename #11"
        + " 'CURRENT.tmp'→'CURRENT'", v.fix());
    assertTrue(r.failureMessage().contains("    fix: fsync the directory '.' after create #1"),
        r.failureMessage());
  }

  private static final StateCheck PUT_V2 = (state, acked) -> {
    if (!acked.isEmpty()) {
      assertEquals("v2", read(state, "value"), "put v2 was acknowledged");
    }
  };

  @Test
  void aTornWriteIsNamedOnceWithWhatPersisted() throws IOException {
    // an acknowledged append never fsynced: under posix it can persist torn, sector by sector
    TraceBuilder b = TraceBuilder.create().file("log", new byte[0]);
    long f = b.inode("log");
    b.open(f, dev.blackout.core.trace.OpenFlags.O_WRONLY);
    b.write(f, 0, "x".repeat(1000));
    b.marker("ack");
    b.close(f);
    CrashReport r = explore(b, (state, acked) -> {
      if (!acked.isEmpty()) {
        assertEquals("x".repeat(1000), read(state, "log"), "the append was acknowledged");
      }
    }, "posix");
    java.util.List<String> torn = r.explorations().get("posix").violations().stream()
        .map(Violation::explanation).filter(e -> e.contains("torn")).toList();
    assertFalse(torn.isEmpty(), "some state has the write torn");
    for (String e : torn) {
      assertFalse(e.contains("persisted did not"), e);
      assertTrue(e.matches("write #2 to 'log' \\[0, 1000\\) was torn: only \\[\\d+, \\d+\\)"
          + "(, \\[\\d+, \\d+\\))* persisted(, size of 'log' 0 -> 1000 \\(write #2\\) did not persist)?"
          + " although marker 'ack' \\(#3\\) acknowledged (it|them)"), e);
    }
  }

  @Test
  void dataAcknowledgedButNeverWrittenIsSaidPlainly() throws IOException {
    // like a store with its write-ahead log off: the put lives in memory only
    TraceBuilder b = TraceBuilder.create().file("value", "v1".getBytes());
    long f = b.inode("value");
    b.open(f, dev.blackout.core.trace.OpenFlags.O_RDONLY);
    b.close(f);
    b.marker("put v2");
    CrashReport r = explore(b, PUT_V2, "prefix", "drop-unsynced", "posix");
    for (String model : new String[] {"prefix", "drop-unsynced", "posix"}) {
      Violation v = first(r, model);
      assertEquals(Verdict.Kind.DURABILITY, v.classification(), model);
      assertEquals("DURABILITY acknowledged before written", v.cause(), model);
      assertEquals("marker 'put v2' (#4) acknowledged data the workload had not written: with every"
          + " operation up to the crash (#4) on disk the check still fails", v.explanation(), model);
      assertTrue(v.fix().startsWith("nothing on disk held the acknowledged data, so no fsync helps"),
          v.fix());
    }
  }

  @Test
  void dataAcknowledgedBeforeItWasWrittenIsSaidPlainly() throws IOException {
    TraceBuilder b = TraceBuilder.create().file("value", "v1".getBytes());
    b.marker("put v2");
    long f = b.inode("value");
    b.open(f, dev.blackout.core.trace.OpenFlags.O_WRONLY);
    b.write(f, 0, "v2");
    b.fsync(f);
    b.close(f);
    CrashReport r = explore(b, PUT_V2, "drop-unsynced", "posix");
    for (String model : new String[] {"drop-unsynced", "posix"}) {
      Violation v = first(r, model);
      assertEquals(Verdict.Kind.DURABILITY, v.classification(), model);
      assertEquals("DURABILITY acknowledged before written", v.cause(), model);
      assertEquals("marker 'put v2' (#1) acknowledged write #3 to 'value' [0, 2) before the workload"
          + " issued it, and it did not persist", v.explanation(), model);
      assertEquals("acknowledge only after the data is written and durable: issue write #3 to"
          + " 'value' [0, 2), fsync 'value', then mark", v.fix(), model);
    }
  }

  @Test
  void aTextLogTheCheckDoesNotReadIsNotBlamed() throws IOException {
    // the data is written, then a log line; neither is synced before the acknowledgement
    TraceBuilder b = TraceBuilder.create();
    long d = b.create(ROOT, "data");
    b.write(d, 0, "v2");
    b.close(d);
    long log = b.create(ROOT, "LOG");
    b.write(log, 0, "2024/01/01 put v2 done\n");
    b.close(log);
    b.marker("put v2");
    b.fsync(d);
    CrashReport r = explore(b, (state, acked) -> {
      if (!acked.isEmpty()) {
        assertEquals("v2", read(state, "data"), "put v2 was acknowledged");
      }
    }, "drop-unsynced");
    Violation v = first(r, "drop-unsynced");
    assertEquals(Verdict.Kind.DURABILITY, v.classification());
    assertFalse(v.explanation().contains("LOG"), v.explanation());
    assertEquals("write #2 to 'data' [0, 2) did not persist although marker 'put v2' (#9)"
        + " acknowledged it", v.explanation());
    assertEquals("fsync 'data' after write #2 to 'data' [0, 2) and before marker 'put v2' (#9)",
        v.fix());
  }
}
