package dev.blackout.core.model;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Printable crash-state ids and the sets of units they stand for.
 *
 * <p>Grammar (docs/exploration.md):
 *
 * <pre>
 * id     = "k" POINT [ "-o" item *( "," item ) ] [ "-t" torn *( "," torn ) ]
 * item   = SEQ                 ; every unit of op SEQ
 *        / SEQ "." IDX         ; unit IDX of op SEQ
 * torn   = SEQ "." IDX ":" range *( "_" range )   ; the blocks of that unit that persisted
 * range  = N / N "-" M
 * </pre>
 *
 * <p>{@code k42-o17.1,31-t12.0:0-2_5} is the state after op 42 where unit 1 of op 17 and all units
 * of op 31 did not persist (nor anything that needs them), and of write unit 12.0 only blocks 0, 1,
 * 2 and 5 did. Everything else issued by op 42 persisted (under drop-unsynced: everything the
 * barriers forced). Ids only contain letters, digits and {@code - . , : _}: safe in a shell.
 *
 * <p>An id longer than {@link #MAX_LENGTH} characters (a state missing thousands of units) is
 * shown in its short form {@code k<point>-h<16 hex digits>}: the crash point and a hash of the full
 * id. The full id stays in report.json, which {@code blackout replay --report} resolves a short id
 * through.
 */
public final class StateIds {

  private StateIds() {}

  /** Ids up to this many characters are their own short form. */
  public static final int MAX_LENGTH = 100;

  private static final java.util.regex.Pattern SHORT = java.util.regex.Pattern.compile("k(\\d+)-h([0-9a-f]{16})");

  /** The id of {@code state} as shown and handed to checkers: its full id, or the short form. */
  public static String id(UnitGraph g, CrashState state) {
    return shorten(format(g, state));
  }

  /** {@code id} itself when it is short enough, otherwise its short form. */
  public static String shorten(String id) {
    if (id.length() <= MAX_LENGTH) {
      return id;
    }
    int end = 1;
    while (end < id.length() && Character.isDigit(id.charAt(end))) {
      end++;
    }
    byte[] d;
    try {
      d = java.security.MessageDigest.getInstance("SHA-256").digest(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    return id.substring(0, end) + "-h" + java.util.HexFormat.of().formatHex(d, 0, 8);
  }

  /** Whether {@code id} is the short form of a longer id (it cannot be parsed on its own). */
  public static boolean isShort(String id) {
    return SHORT.matcher(id.trim()).matches();
  }

  /** The full printable id of {@code state} (any length). */
  public static String format(UnitGraph g, CrashState state) {
    StringBuilder sb = new StringBuilder("k").append(state.point());
    int[] om = state.omittedRaw();
    if (om.length > 0) {
      sb.append("-o");
      int i = 0;
      boolean first = true;
      while (i < om.length) {
        long seq = g.seq(om[i]);
        int j = i;
        while (j < om.length && g.seq(om[j]) == seq) {
          j++;
        }
        if (!first) {
          sb.append(',');
        }
        first = false;
        if (j - i == g.unitsOf(seq)) {
          sb.append(seq);
        } else {
          for (int x = i; x < j; x++) {
            if (x > i) {
              sb.append(',');
            }
            sb.append(g.unitId(om[x]));
          }
        }
        i = j;
      }
    }
    if (!state.tornRaw().isEmpty()) {
      sb.append("-t");
      boolean first = true;
      for (Map.Entry<Integer, BitSet> e : state.tornRaw().entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        sb.append(g.unitId(e.getKey())).append(':').append(ranges(e.getValue()));
      }
    }
    return sb.toString();
  }

  private static String ranges(BitSet b) {
    StringBuilder sb = new StringBuilder();
    for (int i = b.nextSetBit(0); i >= 0; ) {
      int end = b.nextClearBit(i);
      if (sb.length() > 0) {
        sb.append('_');
      }
      sb.append(i);
      if (end - 1 > i) {
        sb.append('-').append(end - 1);
      }
      i = b.nextSetBit(end);
    }
    return sb.toString();
  }

  /**
   * Parses {@code id} against {@code g} and checks that it names a crash state of that graph.
   *
   * @throws IllegalArgumentException naming what is wrong with the id
   */
  public static CrashState parse(UnitGraph g, String fullId) {
    String text = fullId.trim();
    String id = shown(text);
    if (isShort(text)) {
      throw new IllegalArgumentException(
          "state id '" + id + "' is the short form of a longer id; resolve it through the run's report.json"
              + " (blackout replay --report DIR)");
    }
    if (!text.matches("k\\d+(-o[0-9.,]+)?(-t[0-9.,:_\\-]+)?")) {
      throw new IllegalArgumentException(
          "state id '" + id + "' is not of the form k<point>[-o<units>][-t<torn units>]");
    }
    int oAt = text.indexOf("-o");
    int tAt = text.indexOf("-t");
    int pointEnd = oAt >= 0 ? oAt : tAt >= 0 ? tAt : text.length();
    long point;
    try {
      point = Long.parseLong(text.substring(1, pointEnd));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("state id '" + id + "': crash point is not a number");
    }
    if (point > g.opCount()) {
      throw new IllegalArgumentException(
          "state id '" + id + "': crash point " + point + " is past the trace's last op " + g.opCount());
    }
    List<Integer> omitted = new ArrayList<>();
    if (oAt >= 0) {
      String items = text.substring(oAt + 2, tAt >= 0 ? tAt : text.length());
      for (String item : items.split(",", -1)) {
        if (item.contains(".")) {
          omitted.add(unit(g, id, item));
        } else {
          long seq = number(id, item);
          if (seq < 1 || seq > g.opCount() || g.unitsOf(seq) == 0) {
            throw new IllegalArgumentException("state id '" + id + "': op " + item + " has no units");
          }
          for (int i = 0; i < g.unitsOf(seq); i++) {
            omitted.add(g.firstUnitOf(seq) + i);
          }
        }
      }
    }
    Map<Integer, BitSet> torn = new TreeMap<>();
    if (tAt >= 0) {
      for (String item : text.substring(tAt + 2).split(",", -1)) {
        int colon = item.indexOf(':');
        if (colon < 0) {
          throw new IllegalArgumentException(
              "state id '" + id + "': torn unit '" + item + "' lacks ':<blocks>'");
        }
        int u = unit(g, id, item.substring(0, colon));
        BitSet blocks = new BitSet();
        for (String r : item.substring(colon + 1).split("_", -1)) {
          int dash = r.indexOf('-');
          long lo = number(id, dash < 0 ? r : r.substring(0, dash));
          long hi = dash < 0 ? lo : number(id, r.substring(dash + 1));
          if (lo > hi || hi >= g.blockCount(u)) {
            throw new IllegalArgumentException(
                "state id '" + id + "': blocks '" + r + "' of unit " + g.unitId(u) + " are not within 0-" + (g.blockCount(u) - 1));
          }
          blocks.set((int) lo, (int) hi + 1);
        }
        torn.put(u, blocks);
      }
    }
    CrashState state = new CrashState(point, omitted.stream().mapToInt(Integer::intValue).toArray(), torn);
    String problem = States.problem(g, state);
    if (problem != null) {
      throw new IllegalArgumentException(
          "state id '" + id + "' is not a crash state of this trace under " + g.model() + ": " + problem);
    }
    return state;
  }

  /** {@code id} for messages: a long one cut to its first characters. */
  private static String shown(String id) {
    return id.length() <= MAX_LENGTH ? id : id.substring(0, MAX_LENGTH) + "...";
  }

  private static int unit(UnitGraph g, String id, String item) {
    int dot = item.indexOf('.');
    if (dot < 0) {
      throw new IllegalArgumentException("state id '" + id + "': '" + item + "' is not a unit SEQ.IDX");
    }
    long seq = number(id, item.substring(0, dot));
    long idx = number(id, item.substring(dot + 1));
    int u = g.unitOf(seq, (int) Math.min(idx, Integer.MAX_VALUE));
    if (u < 0) {
      throw new IllegalArgumentException("state id '" + id + "': the trace has no unit " + item);
    }
    return u;
  }

  private static long number(String id, String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("state id '" + id + "': '" + s + "' is not a number");
    }
  }
}
