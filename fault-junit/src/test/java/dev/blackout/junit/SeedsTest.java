package dev.blackout.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SeedsTest {
  @Test
  void aSeedIsAWholeNumberOrAbsent() {
    assertEquals(OptionalLong.of(42), Seeds.parse(" 42 "));
    assertEquals(OptionalLong.of(-7), Seeds.parse("-7"));
    assertEquals(OptionalLong.empty(), Seeds.parse(null));
    assertEquals(OptionalLong.empty(), Seeds.parse(""));
  }

  @Test
  void aBadSeedIsRefusedWithAnExample() {
    assertEquals("-Dblackout.seed=abc is not a seed; give a whole number such as -Dblackout.seed=42",
        assertThrows(IllegalArgumentException.class, () -> Seeds.parse("abc")).getMessage());
  }

  @Test
  void namesBecomeSafeFileNames() {
    assertEquals("a_b_c-d.e", Seeds.safe("a/b c-d.e"));
    assertEquals(60, Seeds.safe("x".repeat(100)).length());
  }
}
