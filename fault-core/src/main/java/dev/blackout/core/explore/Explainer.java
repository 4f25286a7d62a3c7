package dev.blackout.core.explore;

import dev.blackout.core.check.Verdict;
import dev.blackout.core.model.CrashState;
import dev.blackout.core.model.States;
import dev.blackout.core.model.UnitGraph;
import dev.blackout.core.trace.TraceOp;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Puts a minimized failing state into words, and the words without sequence numbers (its cause). */
final class Explainer {

  private static final int MAX_LISTED = 50;

  private final UnitGraph g;

  Explainer(UnitGraph g) {
    this.g = g;
  }

  /**
   * A failure in words.
   *
   * @param kind the classification (a blame may correct the minimizer's)
   * @param fix what to change, naming the missing barrier and where, or null for the kind's hint
   */
  record Words(Verdict.Kind kind, String explanation, String cause, String fix, List<String> persisted,
      List<String> omitted, List<String> torn) {}

  Words explain(CrashState m, Verdict.Kind c) {
    return explain(m, c, Minimizer.Blame.UNKNOWN);
  }

  /**
   * The failure of minimized state {@code m} in words, from what it depends on ({@code b}): the
   * lost units whose restoration makes it pass are named (not merely the first lost ones), and the
   * fix names the barrier that is missing and between which two ops.
   */
  Words explain(CrashState m, Verdict.Kind c, Minimizer.Blame b) {
    Words plain = explainPlain(m, c);
    return switch (b.kind()) {
      case UNKNOWN -> plain;
      case UNWRITTEN -> unwritten(m, b, plain);
      case PROCESS_CRASH -> new Words(Verdict.Kind.ATOMICITY,
          "a crash right after op #" + m.point() + " (" + opText(m.point()) + ") fails even with every"
              + " operation up to it on disk, as a killed process leaves it",
          "ATOMICITY after " + opSignature(m.point()),
          "the files are inconsistent between two operations, so no fsync helps: make the update"
              + " atomic (write a new file, fsync it, rename it over the old one) or recover from"
              + " the partial state",
          plain.persisted(), plain.omitted(), plain.torn());
      case LOST -> lost(m, c, b, plain);
    };
  }

  private Words unwritten(CrashState m, Minimizer.Blame b, Words plain) {
    TraceOp.Marker mk = marker(b.marker());
    String marker = mk == null ? "a marker" : "marker '" + mk.text() + "' (#" + mk.seq() + ")";
    return new Words(Verdict.Kind.DURABILITY,
        marker + " acknowledged data the workload had not written: with every operation up to the"
            + " crash (#" + m.point() + ") on disk the check still fails",
        "DURABILITY acknowledged before written",
        "nothing on disk held the acknowledged data, so no fsync helps: write it (and make it durable)"
            + " before acknowledging, e.g. keep the write-ahead log on",
        plain.persisted(), List.of(), plain.torn());
  }

  private Words lost(CrashState m, Verdict.Kind c, Minimizer.Blame b, Words plain) {
    List<Integer> r = b.restore();
    if (r.isEmpty()) {
      return plain;
    }
    // Units wholly lost and units torn are worded apart: "A, B did not persist; C was torn: only
    // [0, 512) persisted" (a torn unit is never followed by "did not persist").
    List<String> lostNames = new ArrayList<>();
    List<String> tornNames = new ArrayList<>();
    List<String> plainNames = new ArrayList<>();
    TreeSet<String> sig = new TreeSet<>();
    for (int i = 0; i < r.size(); i++) {
      int u = r.get(i);
      int j = i;
      while (j + 1 < r.size() && g.seq(r.get(j + 1)) == g.seq(u)) {
        j++;
      }
      // several units of one op are named as the op: "write #2 to 'data' [0, 2)"
      boolean tornHere = false;
      for (int x = i; x <= j; x++) {
        tornHere |= m.torn().containsKey(r.get(x));
        sig.add((m.torn().containsKey(r.get(x)) ? "torn " : "") + g.signature(r.get(x)));
      }
      if (!tornHere) {
        lostNames.add(j > i ? g.opText(u) : g.describe(u));
        plainNames.add(j > i ? g.opText(u) : g.describe(u));
      } else {
        for (int x = i; x <= j; x++) {
          (m.torn().containsKey(r.get(x)) ? tornNames : lostNames).add(tornOrLost(m, r.get(x)));
          plainNames.add(g.describe(r.get(x)));
        }
      }
      i = j;
    }
    List<String> names = new ArrayList<>(lostNames);
    names.addAll(tornNames);
    java.util.Set<String> opSigs = new java.util.HashSet<>();
    r.forEach(u -> opSigs.add(g.signature(u)));
    List<String> lostWords = lostNames;
    if (lostNames.size() > 2 && opSigs.size() == 1 && tornNames.isEmpty()) {
      // many ops of one kind on one file: "write to 'db/000004.log' (5 ops, #67 to #75)"
      lostWords = List.of(opSigs.iterator().next() + " (" + lostNames.size() + " ops, #"
          + g.seq(r.get(0)) + " to #" + g.seq(r.get(r.size() - 1)) + ")");
    }
    String plainNeeded = lostWords != lostNames ? lostWords.get(0)
        : String.join(", ", plainNames.subList(0, Math.min(plainNames.size(), 5)))
            + (plainNames.size() > 5 ? " and " + (plainNames.size() - 5) + " more" : "");
    switch (c) {
      case DURABILITY -> {
        int last = r.get(r.size() - 1);
        TraceOp.Marker before = markerAfterOrNull(g.seq(last), m.point());
        if (before == null) {
          // every acknowledgement up to the crash came before the lost op was even issued
          TraceOp.Marker ack = lastMarker(m.point());
          String marker = ack == null ? "a marker" : "marker '" + ack.text() + "' (#" + ack.seq() + ")";
          return new Words(c, marker + " acknowledged " + plainNeeded + " before the workload"
              + " issued it, and it did not " + (tornNames.isEmpty() ? "persist" : "wholly persist"),
              "DURABILITY acknowledged before written",
              "acknowledge only after the data is written and durable: issue " + ops(r)
                  + ", fsync " + targets(r) + ", then mark", plain.persisted(), names, plain.torn());
        }
        String marker = "marker '" + before.text() + "' (#" + before.seq() + ")";
        String explanation = phrase(lostWords, tornNames, "did not persist") + " although "
            + marker + " acknowledged " + (names.size() == 1 ? "it" : "them");
        return new Words(c, explanation, "DURABILITY " + String.join(", ", sig),
            "fsync " + targets(r) + " after " + g.opText(last) + " and before " + marker,
            plain.persisted(), names, plain.torn());
      }
      case ORDERING -> {
        int z = b.later();
        String zText = z >= 0 ? g.opText(z) : "a later op";
        String explanation = zText + " persisted while " + phrase(lostWords, tornNames, "did not");
        String cause = "ORDERING " + (z >= 0 ? g.signature(z) : "") + " before " + String.join(", ", sig);
        int lastBefore = r.get(0);
        for (int u : r) {
          if (z < 0 || g.seq(u) < g.seq(z)) {
            lastBefore = u;
          }
        }
        String fix = "fsync " + targets(r) + " after " + g.opText(lastBefore)
            + (z >= 0 ? " and before " + g.opText(z) : " and before the later op");
        return new Words(c, explanation, cause, fix, plain.persisted(), names, plain.torn());
      }
      default -> {
        return new Words(c, plain.explanation(), plain.cause(),
            "make " + ops(r) + " atomic: write a new file, fsync it, then rename it over the old one",
            plain.persisted(), names, plain.torn());
      }
    }
  }

  /** "the directory 'db'" or "'a' and the directory 'db'": what the fsyncs must name. */
  private String targets(List<Integer> units) {
    List<String> out = new ArrayList<>();
    for (int u : units) {
      String t = g.syncTarget(u);
      if (!out.contains(t)) {
        out.add(t);
      }
    }
    if (out.size() > 3) {
      return String.join(", ", out.subList(0, 3)) + " and " + (out.size() - 3) + " more";
    }
    return out.size() == 1 ? out.get(0)
        : String.join(", ", out.subList(0, out.size() - 1)) + " and " + out.get(out.size() - 1);
  }

  /** The ops of {@code units}, e.g. "create #25 'db/MANIFEST-000025'" or "write #3 ... and 2 more". */
  private String ops(List<Integer> units) {
    List<String> out = new ArrayList<>();
    for (int u : units) {
      String t = g.opText(u);
      if (!out.contains(t)) {
        out.add(t);
      }
    }
    String last = out.get(out.size() - 1);
    return out.size() == 1 ? last : out.size() == 2 ? out.get(0) + " and " + last
        : out.get(0) + " ... " + last + " (" + out.size() + " ops)";
  }

  private String tornOrLost(CrashState m, int u) {
    java.util.BitSet blocks = m.torn().get(u);
    return blocks == null ? g.describe(u) : tornText(u, blocks);
  }

  /** The first marker after op {@code seq} at or before {@code point}, or null. */
  private TraceOp.Marker markerAfterOrNull(long seq, long point) {
    for (TraceOp op : g.trace().ops()) {
      if (op.seq() > point) {
        break;
      }
      if (op.seq() > seq && op instanceof TraceOp.Marker mk && !mk.failed()) {
        return mk;
      }
    }
    return null;
  }

  /** The last marker at or before {@code point}, or null. */
  private TraceOp.Marker lastMarker(long point) {
    TraceOp.Marker last = null;
    for (TraceOp op : g.trace().ops()) {
      if (op.seq() > point) {
        break;
      }
      if (op instanceof TraceOp.Marker mk && !mk.failed()) {
        last = mk;
      }
    }
    return last;
  }

  private TraceOp.Marker marker(int index) {
    int i = 0;
    for (TraceOp op : g.trace().ops()) {
      if (op instanceof TraceOp.Marker mk && !mk.failed()) {
        if (i++ == index) {
          return mk;
        }
      }
    }
    return null;
  }

  private Words explainPlain(CrashState m, Verdict.Kind c) {
    BitSet present = States.present(g, m);
    List<String> lost = new ArrayList<>();
    TreeSet<String> sig = new TreeSet<>();
    long firstLost = Long.MAX_VALUE;
    long lastLost = 0;
    List<Integer> minimal = minimalMissing(m, present);
    List<Integer> lostUnits = new ArrayList<>(minimal);
    lostUnits.addAll(m.torn().keySet());
    for (int u : minimal) {
      lost.add(g.describe(u));
      sig.add(g.signature(u));
      firstLost = Math.min(firstLost, g.seq(u));
      lastLost = Math.max(lastLost, g.seq(u));
    }
    List<String> torn = new ArrayList<>();
    for (Map.Entry<Integer, BitSet> e : m.torn().entrySet()) {
      torn.add(tornText(e.getKey(), e.getValue()));
      sig.add("torn " + g.signature(e.getKey()));
      firstLost = Math.min(firstLost, g.seq(e.getKey()));
      lastLost = Math.max(lastLost, g.seq(e.getKey()));
    }
    List<String> persisted = new ArrayList<>();
    int n = g.unitsUpTo(m.point());
    if (firstLost != Long.MAX_VALUE) {
      for (int u = present.nextSetBit(g.firstUnitOf(firstLost)); u >= 0 && u < n && persisted.size() < MAX_LISTED;
          u = present.nextSetBit(u + 1)) {
        persisted.add(g.describe(u));
      }
    }
    List<String> missing = new ArrayList<>(lost);
    missing.addAll(torn);
    String missingText = String.join(", ", missing.subList(0, Math.min(missing.size(), 5)))
        + (missing.size() > 5 ? " and " + (missing.size() - 5) + " more" : "");
    String explanation;
    String cause;
    switch (c) {
      case ATOMICITY -> {
        if (missing.isEmpty()) {
          explanation = "the state right after op #" + m.point() + " (" + opText(m.point()) + ") fails with nothing lost";
          cause = "ATOMICITY after " + opSignature(m.point());
        } else {
          long j = firstLost;
          boolean wholeOpLost = true;
          for (int u = g.firstUnitOf(j); u < g.firstUnitOf(j) + g.unitsOf(j); u++) {
            if (present.get(u) || m.torn().containsKey(u)) {
              wholeOpLost = false;
            }
          }
          if (wholeOpLost) {
            long before = j - 1;
            explanation = "the state right after op #" + before + " (" + opText(before) + ") fails with nothing lost";
            cause = "ATOMICITY after " + opSignature(before);
          } else {
            List<String> parts = new ArrayList<>();
            if (!lost.isEmpty()) {
              parts.add(String.join(", ", lost) + " did not persist");
            }
            parts.addAll(torn);
            explanation = "op #" + j + " persisted only in part: " + String.join("; ", parts);
            cause = "ATOMICITY of " + String.join(", ", sig);
          }
        }
      }
      case DURABILITY -> {
        // Name the bug by the last acknowledged op that is missing: losing the create, the data or
        // the rename of one replace-by-rename all lose that rename, and are one bug, not three.
        int latest = latestLostBeforeAck(m, present);
        if (latest >= 0) {
          String marker = markerAfter(g.seq(latest), m.point());
          explanation = g.describe(latest) + " did not persist although " + marker + " acknowledged it";
          if (!(lost.size() == 1 && torn.isEmpty() && minimal.get(0) == latest)) {
            explanation += " (smallest loss behind it: " + phrase(lost, torn, "did not persist") + ")";
          }
          cause = "DURABILITY " + g.signature(latest);
        } else {
          String marker = markerAfter(lastLost == 0 ? 0 : lastLost, m.point());
          explanation = (missing.isEmpty() ? "a state with nothing lost" : phrase(lost, torn, "did not persist"))
              + " although " + marker + " acknowledged it";
          cause = "DURABILITY " + String.join(", ", sig);
        }
      }
      case ORDERING -> {
        int z = laterPersisted(m, present, firstLost, lostUnits);
        String zText = z >= 0 ? g.describe(z) : "a later op";
        explanation = zText + " persisted while " + phrase(lost, torn, "did not");
        cause = "ORDERING " + (z >= 0 ? g.signature(z) : "") + " before " + String.join(", ", sig);
      }
      default -> {
        explanation = "the checker could not judge the state";
        cause = c.name();
      }
    }
    return new Words(c, explanation, cause, null, persisted, lost, torn);
  }

  /** "A, B did not; C was torn: only [..] persisted", at most five units named. */
  private static String phrase(List<String> lost, List<String> torn, String verb) {
    List<String> parts = new ArrayList<>();
    if (!lost.isEmpty()) {
      String names = String.join(", ", lost.subList(0, Math.min(lost.size(), 5)))
          + (lost.size() > 5 ? " and " + (lost.size() - 5) + " more" : "");
      parts.add(names + " " + verb);
    }
    parts.addAll(torn.subList(0, Math.min(torn.size(), 3)));
    return String.join("; ", parts);
  }

  /**
   * The minimal units missing from the state: its omitted list, or under drop-unsynced (where
   * nothing is omitted by choice) the first units the crash dropped.
   */
  private List<Integer> minimalMissing(CrashState m, BitSet present) {
    List<Integer> out = new ArrayList<>();
    int n = g.unitsUpTo(m.point());
    for (int u = present.nextClearBit(0); u < n; u = present.nextClearBit(u + 1)) {
      if (m.torn().containsKey(u)) {
        continue;
      }
      boolean minimal = true;
      for (int p : g.preds(u)) {
        if (!present.get(p)) {
          minimal = false;
          break;
        }
      }
      if (minimal) {
        out.add(u);
      }
    }
    return out;
  }

  /**
   * The latest unit that is wholly missing from the state and was issued before the last
   * acknowledgement at or before the crash point; -1 if there is none.
   */
  private int latestLostBeforeAck(CrashState m, BitSet present) {
    long lastAck = 0;
    for (TraceOp op : g.trace().ops()) {
      if (op.seq() > m.point()) {
        break;
      }
      if (op instanceof TraceOp.Marker && !op.failed()) {
        lastAck = op.seq();
      }
    }
    for (int u = g.unitsUpTo(lastAck) - 1; u >= 0; u--) {
      if (!present.get(u) && !m.torn().containsKey(u)) {
        return u;
      }
    }
    return -1;
  }

  String tornText(int u, BitSet blocks) {
    List<String> ranges = new ArrayList<>();
    for (int b = blocks.nextSetBit(0); b >= 0; ) {
      int end = blocks.nextClearBit(b);
      long s = g.blockRange(u, b)[0];
      long e = g.blockRange(u, end - 1)[1];
      ranges.add("[" + s + ", " + e + ")");
      b = blocks.nextSetBit(end);
    }
    return g.describe(u) + " was torn: only " + String.join(", ", ranges) + " persisted";
  }

  private int laterPersisted(CrashState m, BitSet present, long firstLost, List<Integer> lostUnits) {
    int n = g.unitsUpTo(m.point());
    java.util.Set<Long> lostInodes = new java.util.HashSet<>();
    for (int u : lostUnits) {
      lostInodes.add(g.inode(u));
    }
    int anyNonData = -1;
    int any = -1;
    int from = firstLost == Long.MAX_VALUE ? 0 : g.firstUnitOf(firstLost);
    for (int u = n - 1; u >= from; u--) {
      if (!present.get(u) || g.seq(u) <= firstLost) {
        continue;
      }
      if (lostInodes.contains(g.inode(u)) && !g.isData(u)) {
        return u;
      }
      if (anyNonData < 0 && !g.isData(u)) {
        anyNonData = u;
      }
      if (any < 0) {
        any = u;
      }
    }
    return anyNonData >= 0 ? anyNonData : any;
  }

  private String opText(long seq) {
    if (seq <= 0) {
      return "the start of the trace";
    }
    if (g.unitsOf(seq) > 0) {
      return g.describe(g.firstUnitOf(seq));
    }
    TraceOp op = g.trace().op(seq);
    if (op instanceof TraceOp.Marker mk) {
      return "marker '" + mk.text() + "'";
    }
    return op.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " #" + seq;
  }

  private String opSignature(long seq) {
    return opText(seq).replaceAll("#\\d+ ?", "");
  }

  private String markerAfter(long seq, long point) {
    String last = null;
    for (TraceOp op : g.trace().ops()) {
      if (op.seq() > point) {
        break;
      }
      if (op instanceof TraceOp.Marker mk && !mk.failed()) {
        String text = "marker '" + mk.text() + "' (#" + mk.seq() + ")";
        if (op.seq() > seq) {
          return text;
        }
        last = text;
      }
    }
    return last == null ? "a marker" : last;
  }
}
