package dev.blackout.core.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The ways of choosing crash states at a crash point (design.md section 4). */
public enum Strategy {
  /** Only what barriers forced. */
  MINIMAL,
  /** Everything issued. */
  MAXIMAL,
  /** Everything issued minus one pending unit and what needs it (ALICE's main heuristic). */
  OMIT_ONE,
  /** The forced units plus an in-order prefix of the pending ones. */
  IN_ORDER,
  /** Everything issued, with one write keeping some but not all of its blocks. */
  TORN,
  /** Random ideals (with a random torn write now and then), from the seed. */
  RANDOM,
  /** Every ideal, while their number stays under the bound. */
  EXHAUSTIVE;

  /** The default mix: minimal, maximal, omit-one and torn first, then random. */
  public static final List<Strategy> DEFAULT = List.of(MINIMAL, MAXIMAL, OMIT_ONE, TORN, RANDOM);

  /** The command-line name, e.g. {@code omit-one}. */
  public String flagName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a comma-separated list such as {@code minimal,omit-one}; {@code default} stands for
   * {@link #DEFAULT}.
   *
   * @throws IllegalArgumentException naming the unknown strategy and the known ones
   */
  public static List<Strategy> parseList(String text) {
    List<Strategy> out = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      if (p.equals("default")) {
        DEFAULT.stream().filter(s -> !out.contains(s)).forEach(out::add);
        continue;
      }
      Strategy found = null;
      for (Strategy s : values()) {
        if (s.flagName().equals(p)) {
          found = s;
        }
      }
      if (found == null) {
        List<String> names = new ArrayList<>();
        for (Strategy s : values()) {
          names.add(s.flagName());
        }
        throw new IllegalArgumentException(
            "unknown strategy '" + part.trim() + "'; known: " + String.join(", ", names) + ", default");
      }
      if (!out.contains(found)) {
        out.add(found);
      }
    }
    return out;
  }
}
