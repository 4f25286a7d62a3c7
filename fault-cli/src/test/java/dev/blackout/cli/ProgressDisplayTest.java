package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.blackout.core.check.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong clock = new AtomicLong();

  private String shown() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static Progress progress(int done, int total, long seconds) {
    return new Progress(done, total, 0, 0, 0, Duration.ofSeconds(seconds));
  }

  @Test
  void onATerminalTheLineIsRewrittenInPlace() {
    ProgressDisplay display = new ProgressDisplay(out, true, clock::get);
    display.update(progress(1, 10, 1));
    assertEquals("\r" + progress(1, 10, 1).line(), shown());
    clock.addAndGet(Duration.ofMillis(150).toNanos());
    bytes.reset();
    display.update(progress(2, 10, 1));
    assertEquals("\r" + progress(2, 10, 1).line(), shown());
    assertFalse(shown().contains("\n"));
  }

  @Test
  void updatesFasterThanTenPerSecondAreSkippedButTheLastOneIsShown() {
    ProgressDisplay display = new ProgressDisplay(out, true, clock::get);
    display.update(progress(1, 3, 1));
    bytes.reset();
    clock.addAndGet(Duration.ofMillis(10).toNanos());
    display.update(progress(2, 3, 1));
    assertEquals("", shown());
    display.update(progress(3, 3, 1));
    assertEquals("\r" + progress(3, 3, 1).line(), shown());
  }

  @Test
  void aShorterLineErasesTheRestOfTheLongerOne() {
    ProgressDisplay display = new ProgressDisplay(out, true, clock::get);
    Progress longer = new Progress(5, 10, 2, 1, 1, Duration.ofSeconds(1));
    Progress shorter = progress(6, 10, 1);
    display.update(longer);
    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    bytes.reset();
    display.update(shorter);
    int pad = longer.line().length() - shorter.line().length();
    assertEquals("\r" + shorter.line() + " ".repeat(pad) + "\b".repeat(pad), shown());
  }

  @Test
  void finishClearsTheLine() {
    ProgressDisplay display = new ProgressDisplay(out, true, clock::get);
    display.update(progress(1, 2, 1));
    int length = progress(1, 2, 1).line().length();
    bytes.reset();
    display.finish();
    assertEquals("\r" + " ".repeat(length) + "\r", shown());
    bytes.reset();
    display.clear();
    assertEquals("", shown(), "nothing left to clear");
  }

  @Test
  void withoutATerminalNothingIsPrinted() {
    ProgressDisplay display = new ProgressDisplay(out, false, clock::get);
    display.update(progress(1, 2, 1));
    display.update(progress(2, 2, 1));
    display.finish();
    assertEquals("", shown());
    assertFalse(ProgressDisplay.silent().enabled());
  }
}
