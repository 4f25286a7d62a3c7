package dev.blackout.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.crashtest.CrashScenario;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Precedence: property, then annotation, then default; bad values are one line each. */
class SettingsTest {

  private static CrashTest annotation() throws NoSuchMethodException {
    return MisusedCrashTests.class.getDeclaredMethod("neverVerifies", CrashRunner.class)
        .getAnnotation(CrashTest.class);
  }

  private static Function<String, Optional<String>> props(Map<String, String> m) {
    return name -> Optional.ofNullable(m.get(name));
  }

  @Test
  void withoutPropertiesTheAnnotationDecides() throws Exception {
    Settings s = Settings.resolve(props(Map.of()), annotation());
    assertEquals(List.of("prefix", "posix"), s.models());
    assertEquals(200, s.budget());
    assertEquals("default", s.strategy());
    assertEquals(0, s.seed());
    assertEquals(0, s.jobs());
    assertFalse(s.exhaustive());
    assertNull(s.trace());
    assertFalse(s.keepTraces());
    assertEquals(List.of(), s.fromProperties());
  }

  @Test
  void propertiesWinOverTheAnnotation() throws Exception {
    Settings s = Settings.resolve(props(Map.of("blackout.models", "posix", "blackout.budget", "5000",
        "blackout.strategy", "minimal,omit-one", "blackout.seed", "7", "blackout.jobs", "2",
        "blackout.evidence", "/tmp/ev", "blackout.keepTraces", "")), annotation());
    assertEquals(List.of("posix"), s.models());
    assertEquals(5000, s.budget());
    assertEquals("minimal,omit-one", s.strategy());
    assertEquals(7, s.seed());
    assertEquals(2, s.jobs());
    assertEquals(Path.of("/tmp/ev"), s.evidenceBase());
    assertTrue(s.keepTraces());
    assertEquals("-Dblackout.trace=/e/trace -Dblackout.models=posix -Dblackout.seed=7"
        + " -Dblackout.budget=5000 -Dblackout.strategy=minimal,omit-one",
        s.rerunFlags("posix", Path.of("/e/trace")));
    CrashScenario applied = s.apply(CrashScenario.of((d, m) -> {}, (st, a) -> {}), "posix");
    assertEquals(List.of("posix"), applied.models());
    assertEquals(5000, applied.budget());
    assertEquals(7, applied.seed());
  }

  @Test
  void exhaustiveLiftsTheBudgetUnlessAPropertyGivesOne() throws Exception {
    CrashScenario plain = CrashScenario.of((d, m) -> {}, (st, a) -> {});
    Settings s = Settings.resolve(props(Map.of("blackout.exhaustive", "true")), annotation());
    assertTrue(s.apply(plain, "posix").isExhaustive());
    assertEquals(Integer.MAX_VALUE, s.apply(plain, "posix").budget());
    Settings capped = Settings.resolve(
        props(Map.of("blackout.exhaustive", "true", "blackout.budget", "50")), annotation());
    assertEquals(50, capped.apply(plain, "posix").budget());
    assertTrue(capped.apply(plain, "posix").isExhaustive());
  }

  @Test
  void badValuesSayWhichPropertyAndWhatToGive() throws Exception {
    CrashTest a = annotation();
    assertEquals("-Dblackout.budget=lots is not a positive whole number; give e.g."
        + " -Dblackout.budget=5000", assertThrows(IllegalArgumentException.class,
            () -> Settings.resolve(props(Map.of("blackout.budget", "lots")), a)).getMessage());
    assertEquals("-Dblackout.models=posix,zfs: unknown model 'zfs'; known models: prefix,"
        + " drop-unsynced, ext4-ordered, posix", assertThrows(IllegalArgumentException.class,
            () -> Settings.resolve(props(Map.of("blackout.models", "posix,zfs")), a)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Settings.resolve(props(Map.of("blackout.strategy", "fast")), a)).getMessage()
        .startsWith("-Dblackout.strategy=fast: unknown strategy 'fast'"));
    assertEquals("-Dblackout.exhaustive=yes is neither true nor false",
        assertThrows(IllegalArgumentException.class,
            () -> Settings.resolve(props(Map.of("blackout.exhaustive", "yes")), a)).getMessage());
    assertEquals("-Dblackout.jobs=0 is not a positive whole number; give e.g. -Dblackout.jobs=2",
        assertThrows(IllegalArgumentException.class,
            () -> Settings.resolve(props(Map.of("blackout.jobs", "0")), a)).getMessage());
  }

  @Test
  void evidenceMustBeADirectory(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path file = java.nio.file.Files.writeString(tmp.resolve("file"), "x");
    assertEquals("-Dblackout.evidence=" + file + ": " + file + " is not a directory; give a"
        + " directory (it is created if missing)", assertThrows(IllegalArgumentException.class,
            () -> Settings.resolve(props(Map.of("blackout.evidence", file.toString())),
                annotation())).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Settings.resolve(
        props(Map.of("blackout.evidence", file.resolve("sub").toString())), annotation()));
    assertEquals(tmp.resolve("new/dir"), Settings.resolve(
        props(Map.of("blackout.evidence", tmp.resolve("new/dir").toString())), annotation())
        .evidenceBase());
  }

  @Test
  void aTraceOfAnotherTestIsRefused() throws Exception {
    Settings s = Settings.resolve(props(Map.of("blackout.evidence", "/tmp/ev",
        "blackout.trace", "/tmp/ev/OtherTest/other/trace")), annotation());
    assertEquals("-Dblackout.trace=/tmp/ev/OtherTest/other/trace is the kept trace of"
        + " OtherTest/other, not of SettingsTest/mine; run only that test"
        + " (-Dtest=OtherTest#other)", assertThrows(IllegalArgumentException.class,
            () -> Evidence.open(s, SettingsTest.class, "mine", 1)).getMessage());
  }
}
