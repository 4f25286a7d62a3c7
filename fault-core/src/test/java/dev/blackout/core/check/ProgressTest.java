package dev.blackout.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void rateAndEtaFollowFromDoneAndElapsed() {
    Progress p = new Progress(100, 400, 2, 0, 0, Duration.ofSeconds(4));
    assertEquals(25.0, p.rate(), 1e-9);
    assertEquals(Optional.of(Duration.ofSeconds(12)), p.eta());
    assertEquals("checked 100/400 (25%), violations 2, 25.0/s, ETA 12s", p.line());
  }

  @Test
  void noEtaBeforeTheFirstCheck() {
    Progress p = new Progress(0, 10, 0, 0, 0, Duration.ofMillis(300));
    assertEquals(Optional.empty(), p.eta());
    assertEquals("checked 0/10 (0%), violations 0, 0.0/s, ETA ?", p.line());
  }

  @Test
  void errorsAndTimeoutsAreShownOnlyWhenPresentAndTheEndSaysHowLongItTook() {
    Progress p = new Progress(10, 10, 1, 2, 3, Duration.ofSeconds(125));
    assertEquals(
        "checked 10/10 (100%), violations 1, checker errors 2, timeouts 3, 0.1/s, took 2m05s",
        p.line());
  }

  @Test
  void rejectsImpossibleCounts() {
    assertThrows(IllegalArgumentException.class, () -> new Progress(5, 4, 0, 0, 0, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> new Progress(2, 4, 2, 1, 0, Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> new Progress(2, 4, 0, 0, 0, Duration.ofSeconds(-1)));
  }
}
