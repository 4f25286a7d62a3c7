package dev.blackout.core.crashtest.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generators, drawing, calls and the derived check, without a recorder. */
class StorePropertyTest {
  @TempDir Path tmp;

  /** A store of one file per key, read back from a directory. */
  record Dir(Path dir) {
    Map<String, String> read() throws IOException {
      Map<String, String> out = new TreeMap<>();
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          out.put(f.getFileName().toString(), Files.readString(f));
        }
      }
      return out;
    }
  }

  static final StoreProperty<Dir> P = StoreProperty.<Dir>of("dir", Dir::new, Dir::read)
      .action(Action.<Dir>of("put", (s, a) -> Files.writeString(s.dir().resolve(a.string(0)), a.string(1)))
          .args(Gen.keys(3), Gen.values(3)).effect((m, a) -> m.put(a.string(0), a.string(1)))
          .acknowledges().weight(2))
      .action(Action.<Dir>of("delete", (s, a) -> Files.deleteIfExists(s.dir().resolve(a.string(0))))
          .args(Gen.keys(3)).effect((m, a) -> m.remove(a.string(0))));

  @Test
  void generatorsShrinkTowardTheirSmallestValue() {
    assertEquals(List.of("k0", "k1"), Gen.keys(3).shrink("k2"));
    assertEquals(List.of(), Gen.keys(3).shrink("k0"));
    assertEquals(List.of("d", "dc", "acb", "dab", "dca"), Gen.values(3).shrink("dcb"));
    assertEquals(List.of(0, 5, 9), Gen.ints(0, 20).shrink(10));
    assertEquals("\"a\\\"b\\n\"", Gen.literal("a\"b\n"));
    assertEquals("7", Gen.ints(0, 9).java(7));
  }

  @Test
  void drawingIsDeterministicInTheSeed() {
    List<Call> a = P.draw(new Random(42));
    assertEquals(a, P.draw(new Random(42)));
    assertTrue(a.size() >= 1 && a.size() <= 8, a.toString());
    a.forEach(c -> assertTrue(c.action().equals("put") || c.action().equals("delete"), c.toString()));
  }

  @Test
  void callsAreCheckedAndPrintedAsJava() {
    Call c = P.call("put", "k0", "a");
    assertEquals("put(\"k0\", \"a\")", c.toString());
    assertEquals("STORE.call(\"put\", \"k0\", \"a\")", P.java(c));
    assertEquals("no action get in property 'dir'; its actions: put, delete",
        assertThrows(IllegalArgumentException.class, () -> P.call("get", "k0")).getMessage());
    assertEquals("action put takes 2 arguments, not 1",
        assertThrows(IllegalArgumentException.class, () -> P.call("put", "k0")).getMessage());
    assertEquals("two actions are named put", assertThrows(IllegalArgumentException.class,
        () -> P.action(Action.<Dir>of("put", (s, a) -> {}))).getMessage());
  }

  @Test
  void theDerivedCheckAllowsWhatTheModelAllowsFromTheLastAcknowledgementOn() throws Exception {
    List<Call> seq = List.of(P.call("put", "k0", "a"), P.call("delete", "k0"),
        P.call("put", "k1", "b"));
    var check = P.check(seq);
    // nothing acknowledged: k0 may be absent or "a", k1 absent or "b"
    check.check(tmp, List.of());
    Files.writeString(tmp.resolve("k0"), "a");
    check.check(tmp, List.of());
    // put k1 (action 3) acknowledged: k1 must be "b"; k0 absent (the delete came before)
    AssertionError e = assertThrows(AssertionError.class,
        () -> check.check(tmp, List.of("ack 1: put(\"k0\", \"a\")", "ack 3: put(\"k1\", \"b\")")));
    assertEquals("\"k0\" is \"a\" after the crash, but with action 3 (put(\"k1\", \"b\"))"
        + " acknowledged it must be absent", e.getMessage());
    Files.delete(tmp.resolve("k0"));
    Files.writeString(tmp.resolve("k9"), "z");
    e = assertThrows(AssertionError.class, () -> check.check(tmp, List.of()));
    assertEquals("\"k9\" is \"z\" after the crash, but from the start it must be absent",
        e.getMessage());
  }

  @Test
  void badDeclarationsAreOneLine() {
    assertEquals("length(0, 3): give 1 <= min <= max",
        assertThrows(IllegalArgumentException.class, () -> P.length(0, 3)).getMessage());
    assertEquals("action name 'put it' is not a Java identifier", assertThrows(
        IllegalArgumentException.class, () -> Action.of("put it", (s, a) -> {})).getMessage());
    assertEquals("javaName 'the store' is not a Java name (a constant such as STORE or"
        + " Stores.FILES)", assertThrows(IllegalArgumentException.class,
            () -> P.javaName("the store")).getMessage());
    assertEquals("Stores.FILES", P.javaName("Stores.FILES").javaName());
    assertEquals("property 'empty' has no actions; add some with action(...)",
        assertThrows(IllegalStateException.class, () -> StoreProperty.<Dir>of("empty", Dir::new,
            Dir::read).draw(new Random(1))).getMessage());
  }
}
