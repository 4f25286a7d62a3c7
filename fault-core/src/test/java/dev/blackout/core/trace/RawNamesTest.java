package dev.blackout.core.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Names are bytes: every byte string maps to its own string and back. Seed: -Dblackout.seed. */
class RawNamesTest {
  static final long SEED = Long.getLong("blackout.seed", 20261201L);

  @Test
  void namesThatAreNotUtf8NeverMerge() {
    String ff = RawNames.decode(new byte[] {'x', (byte) 0xff});
    String fe = RawNames.decode(new byte[] {'x', (byte) 0xfe});
    assertNotEquals(ff, fe);
    assertNotEquals("x\uFFFD", ff);
    assertTrue(RawNames.hasEscapes(ff));
    assertEquals("x\\xff", RawNames.printable(ff));
    assertArrayEquals(new byte[] {'x', (byte) 0xff}, RawNames.encode(ff));
  }

  @Test
  void validUtf8DecodesAsUsual() {
    String s = "日本語 ünï ✓ \uD83D\uDE00";
    assertEquals(s, RawNames.decode(s.getBytes(StandardCharsets.UTF_8)));
    assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), RawNames.encode(s));
    assertFalse(RawNames.hasEscapes(s));
    assertEquals(s.getBytes(StandardCharsets.UTF_8).length, RawNames.byteLength(s));
  }

  @Test
  void encodedSurrogatesAndOverlongFormsAreBytesToo() {
    byte[][] odd = {
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate encoded in UTF-8
      {(byte) 0xC0, (byte) 0xAF}, // an overlong '/'
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // past U+10FFFF
      {(byte) 0xE2, (byte) 0x82}, // truncated
    };
    for (byte[] b : odd) {
      String s = RawNames.decode(b);
      assertArrayEquals(b, RawNames.encode(s), HexFormat.of().formatHex(b));
      assertEquals(b.length, RawNames.byteLength(s));
      assertTrue(RawNames.hasEscapes(s));
      assertEquals(-1, s.indexOf('/'), "an escaped byte never reads as '/'");
    }
  }

  @Test
  void randomByteStringsRoundTripAndStayDistinct() {
    Random r = new Random(SEED);
    Map<String, byte[]> seen = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[r.nextInt(12)];
      for (int k = 0; k < b.length; k++) {
        // mostly high bytes, so that valid and invalid sequences mix
        b[k] = (byte) (r.nextInt(4) == 0 ? r.nextInt(128) : 128 + r.nextInt(128));
      }
      String s = RawNames.decode(b);
      assertArrayEquals(b, RawNames.encode(s), "seed " + SEED + ": " + HexFormat.of().formatHex(b));
      assertEquals(b.length, RawNames.byteLength(s), "seed " + SEED);
      byte[] before = seen.put(s, b);
      if (before != null) {
        assertArrayEquals(before, b, "seed " + SEED + ": two byte strings became one string");
      }
    }
  }
}
