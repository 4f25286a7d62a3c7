package dev.blackout.junit;

import java.util.OptionalLong;

/** The {@code blackout.seed} system property, checked. */
final class Seeds {
  static final String PROPERTY = "blackout.seed";

  private Seeds() {}

  static OptionalLong override() {
    return parse(System.getProperty(PROPERTY));
  }

  static OptionalLong parse(String text) {
    if (text == null || text.isBlank()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + PROPERTY + "=" + text + " is not a seed; give a"
          + " whole number such as -D" + PROPERTY + "=42");
    }
  }

  /** A name usable in a file name. */
  static String safe(String name) {
    String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.length() > 60 ? s.substring(0, 60) : s;
  }
}
