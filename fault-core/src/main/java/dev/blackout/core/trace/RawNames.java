package dev.blackout.core.trace;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A lossless mapping between the bytes of a Linux file name (any bytes but NUL) and a Java string,
 * so that two different names never become one (docs/trace-format.md, "Strings").
 *
 * <p>Valid UTF-8 decodes as usual. Every byte that is not part of valid UTF-8 becomes the lone low
 * surrogate {@code U+DC00 + byte} (U+DC80..U+DCFF, the "surrogate escape" of PEP 383). Decoding
 * valid UTF-8 never yields a lone surrogate, so {@link #encode} can turn each escape back into its
 * byte: {@code encode(decode(b))} equals {@code b} for every byte string.
 */
public final class RawNames {
  private RawNames() {}

  /** The string for {@code len} bytes of {@code b} from {@code off}. */
  public static String decode(byte[] b, int off, int len) {
    int end = off + len;
    boolean ascii = true;
    for (int i = off; i < end; i++) {
      if (b[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
    CharsetDecoder dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b, off, len);
    CharBuffer out = CharBuffer.allocate(len);
    while (true) {
      CoderResult r = dec.decode(in, out, true);
      if (r.isUnderflow()) {
        break;
      }
      if (r.isError()) {
        for (int i = 0; i < r.length(); i++) {
          out.put((char) (0xDC00 | (in.get() & 0xff)));
        }
      } else {
        throw new IllegalStateException("UTF-8 decoding overflowed a buffer as long as its input");
      }
    }
    dec.flush(out);
    out.flip();
    return out.toString();
  }

  /** The string for the bytes of {@code b}. */
  public static String decode(byte[] b) {
    return decode(b, 0, b.length);
  }

  /**
   * The bytes {@code s} stands for. A lone surrogate that is not an escape (only a string made in
   * Java can hold one) becomes {@code '?'}, as {@link String#getBytes} would make it.
   */
  public static byte[] encode(String s) {
    int n = s.length();
    boolean ascii = true;
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return s.getBytes(StandardCharsets.ISO_8859_1);
    }
    ByteBuffer out = ByteBuffer.allocate(n * 3);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out.put((byte) c);
      } else if (c < 0x800) {
        out.put((byte) (0xC0 | c >> 6)).put((byte) (0x80 | c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out.put((byte) (0xF0 | cp >> 18))
            .put((byte) (0x80 | cp >> 12 & 0x3F))
            .put((byte) (0x80 | cp >> 6 & 0x3F))
            .put((byte) (0x80 | cp & 0x3F));
      } else if (isEscape(c)) {
        out.put((byte) c);
      } else if (Character.isSurrogate(c)) {
        out.put((byte) '?');
      } else {
        out.put((byte) (0xE0 | c >> 12))
            .put((byte) (0x80 | c >> 6 & 0x3F))
            .put((byte) (0x80 | c & 0x3F));
      }
    }
    byte[] b = new byte[out.position()];
    out.flip().get(b);
    return b;
  }

  /** Whether {@code c} stands for one byte that was not valid UTF-8. */
  public static boolean isEscape(char c) {
    return c >= 0xDC80 && c <= 0xDCFF;
  }

  /** Whether {@code s} holds bytes that are not valid UTF-8 (escapes). */
  public static boolean hasEscapes(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isEscape(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
        return true;
      }
    }
    return false;
  }

  /** How many bytes {@code s} stands for. */
  public static int byteLength(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n += 1; // an escaped byte, or '?'
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * {@code s} for a one-line message: escaped bytes and control characters as {@code \xNN}, a
   * backslash doubled, the rest as is.
   */
  public static String printable(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean pairLow = i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
      if (isEscape(c) && !pairLow) {
        sb.append(String.format("\\x%02x", c & 0xff));
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", (int) c));
      } else if (c == '\\') {
        sb.append("\\\\");
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
