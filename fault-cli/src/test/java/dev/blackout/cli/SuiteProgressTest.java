package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.scenarios.Catalog;
import dev.blackout.scenarios.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The suite's progress line: rewritten in place on a terminal, silent otherwise. */
@DisplayName("suite progress")
class SuiteProgressTest {

  @Test
  @DisplayName("prints nothing when not on a terminal (CI logs)")
  void silentInLogs() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SuiteProgress p = new SuiteProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    Scenario s = Catalog.all().get(0);
    p.recording(s, 1, 2);
    p.exploring(s, "posix");
    p.checked(3, 5, 1);
    p.clear();
    assertEquals(0, bytes.size());
  }

  @Test
  @DisplayName("on a terminal: one line rewritten with carriage returns, erased by clear()")
  void rewritesOneLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SuiteProgress p = new SuiteProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
    Scenario s = Catalog.all().get(0);
    p.recording(s, 1, 2);
    p.exploring(s, "posix");
    p.checked(5, 5, 1);
    String shown = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(shown.startsWith("\r[1/2, 0 cells done] OverwriteInPlace: recording 1 workload"),
        shown);
    assertTrue(shown.contains("\r[1/2, 0 cells done] OverwriteInPlace / posix: checked 5/5 states,"
        + " violations 1, "), shown);
    assertTrue(!shown.contains("\n"), "never a new line: " + shown);
    p.clear();
    String all = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(all.endsWith("\r"), "clear() leaves the cursor at the start of an empty line");
  }
}
