package dev.blackout.core.explore;

import dev.blackout.core.check.CheckRequest;
import dev.blackout.core.check.CheckResult;
import dev.blackout.core.check.Checker;
import dev.blackout.core.check.Verdict;
import dev.blackout.core.image.FsImage;
import dev.blackout.core.image.ImageException;
import dev.blackout.core.image.MaterializeException;
import dev.blackout.core.image.Materializer;
import dev.blackout.core.model.CrashState;
import dev.blackout.core.model.StateIds;
import dev.blackout.core.model.StateImages;
import dev.blackout.core.model.States;
import dev.blackout.core.model.UnitGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Shrinks a failing crash state to a smallest set of omitted / torn units that still fails (delta
 * debugging, Zeller's ddmin, against the checker), and classifies the result.
 */
final class Minimizer {

  private final UnitGraph g;
  private final StateImages images;
  private final Checker checker;
  private final Path scratch;
  private final Map<String, Boolean> memo = new HashMap<>();
  private int calls;
  private int serial;

  Minimizer(UnitGraph g, StateImages images, Checker checker, Path scratch) {
    this.g = g;
    this.images = images;
    this.checker = checker;
    this.scratch = scratch;
  }

  /** The number of checker runs spent so far. */
  int calls() {
    return calls;
  }

  CrashState minimize(CrashState failing, List<String> acked, int maxCalls) {
    List<Integer> gens = generators(failing);
    int budgetEnd = calls + maxCalls;
    if (gens.isEmpty()) {
      return failing;
    }
    CrashState none = subset(failing, List.of());
    if (calls < budgetEnd && fails(none, acked)) {
      return none;
    }
    return subset(failing, ddmin(gens, c -> fails(subset(failing, c), acked), budgetEnd));
  }

  /**
   * A 1-minimal sublist of {@code items} for which {@code holds} is true (it is true of all of
   * them), by delta debugging; stops reducing when {@code budgetEnd} checker runs are spent.
   */
  private List<Integer> ddmin(List<Integer> items, Predicate<List<Integer>> holds, int budgetEnd) {
    List<Integer> gens = items;
    int n = 2;
    while (gens.size() >= 2 && calls < budgetEnd) {
      List<List<Integer>> chunks = split(gens, n);
      boolean reduced = false;
      for (List<Integer> c : chunks) {
        if (calls >= budgetEnd) {
          break;
        }
        if (holds.test(c)) {
          gens = c;
          n = 2;
          reduced = true;
          break;
        }
      }
      if (!reduced && n > 2) {
        for (List<Integer> c : chunks) {
          if (calls >= budgetEnd) {
            break;
          }
          List<Integer> rest = new ArrayList<>(gens);
          rest.removeAll(c);
          if (holds.test(rest)) {
            gens = rest;
            n = Math.max(n - 1, 2);
            reduced = true;
            break;
          }
        }
      }
      if (!reduced) {
        if (n >= gens.size()) {
          break;
        }
        n = Math.min(gens.size(), n * 2);
      }
    }
    return gens;
  }

  /**
   * What the failure of a minimized state depends on.
   *
   * @param kind {@code UNWRITTEN}: the state with every op up to the crash point on disk fails too,
   *     but not with fewer markers (marker {@code marker} acknowledged data not yet written);
   *     {@code PROCESS_CRASH}: that state fails even with nothing acknowledged; {@code LOST}: the
   *     lost units {@code restore} are needed (restoring them makes the state pass, and no smaller
   *     part of them does); {@code UNKNOWN}: no checker runs were left to find out
   * @param restore for LOST, the smallest set of lost units whose restoration makes it pass
   * @param later for LOST, a persisted unit after them without which the state passes, or -1
   * @param marker for UNWRITTEN, the index of the first marker the failing check needs
   */
  record Blame(Kind kind, List<Integer> restore, int later, int marker) {
    enum Kind { UNWRITTEN, PROCESS_CRASH, LOST, UNKNOWN }

    static final Blame UNKNOWN = new Blame(Kind.UNKNOWN, List.of(), -1, -1);
  }

  /**
   * Finds what the failure of {@code m} (minimized, failing with {@code acked}) depends on, with at
   * most {@code maxCalls} checker runs: whether even nothing lost fails, else the smallest set of
   * lost units whose restoration makes the state pass and, for an ordering failure, the later unit
   * whose persistence the failure needs.
   */
  Blame blame(CrashState m, List<String> acked, Verdict.Kind cls, int maxCalls) {
    int budgetEnd = calls + maxCalls;
    int n = g.unitsUpTo(m.point());
    BitSet all = new BitSet(n);
    all.set(0, n);
    if (calls >= budgetEnd) {
      return Blame.UNKNOWN;
    }
    if (failsWith(m, all, acked)) {
      if (acked.isEmpty() || failsWith(m, all, List.of())) {
        return new Blame(Blame.Kind.PROCESS_CRASH, List.of(), -1, -1);
      }
      int lo = 0;
      int hi = acked.size();
      while (hi - lo > 1 && calls < budgetEnd) {
        int mid = (lo + hi) >>> 1;
        if (failsWith(m, all, acked.subList(0, mid))) {
          hi = mid;
        } else {
          lo = mid;
        }
      }
      return new Blame(Blame.Kind.UNWRITTEN, List.of(), -1, hi - 1);
    }
    BitSet present = States.present(g, m);
    List<Integer> lost = new ArrayList<>();
    for (int u = present.nextClearBit(0); u < n; u = present.nextClearBit(u + 1)) {
      lost.add(u);
    }
    List<Integer> restore = ddmin(lost, r -> !failsWith(m, restored(present, r, n), acked),
        budgetEnd);
    int later = -1;
    if (cls == Verdict.Kind.ORDERING && !restore.isEmpty()) {
      // an ordering failure fails with nothing acknowledged (else it would be a durability one):
      // searched without markers, dropping later units cannot trade it for a lost acknowledgement
      later = later(m, present, restore.get(0), n, List.of(), budgetEnd);
    }
    return new Blame(Blame.Kind.LOST, List.copyOf(restore), later, -1);
  }

  /** {@code present} plus {@code restore} and what those need first. */
  private BitSet restored(BitSet present, List<Integer> restore, int n) {
    BitSet out = (BitSet) present.clone();
    int[] stack = restore.stream().mapToInt(Integer::intValue).toArray();
    int top = stack.length;
    while (top > 0) {
      int u = stack[--top];
      if (u >= n || out.get(u)) {
        continue;
      }
      out.set(u);
      for (int p : g.preds(u)) {
        if (!out.get(p)) {
          if (top == stack.length) {
            stack = java.util.Arrays.copyOf(stack, Math.max(8, top * 2));
          }
          stack[top++] = p;
        }
      }
    }
    return out;
  }

  /**
   * The persisted unit after {@code first} (a lost unit) the failure needs: removing the persisted
   * units from the one found on makes the state pass, removing them from the next one on does not.
   * -1 when even removing all of them does not help.
   */
  private int later(CrashState m, BitSet present, int first, int n, List<String> acked,
      int budgetEnd) {
    List<Integer> after = new ArrayList<>();
    for (int u = present.nextSetBit(0); u >= 0 && u < n; u = present.nextSetBit(u + 1)) {
      if (g.seq(u) > g.seq(first)) {
        after.add(u);
      }
    }
    if (after.isEmpty() || calls >= budgetEnd
        || failsWith(m, without(present, after.subList(0, after.size()), n), acked)) {
      return -1;
    }
    int lo = 0;
    int hi = after.size();
    while (hi - lo > 1 && calls < budgetEnd) {
      int mid = (lo + hi) >>> 1;
      if (failsWith(m, without(present, after.subList(mid, after.size()), n), acked)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return after.get(lo);
  }

  /** {@code present} without {@code drop} and what needs them. */
  private BitSet without(BitSet present, List<Integer> drop, int n) {
    BitSet out = (BitSet) present.clone();
    out.andNot(States.upClosure(g, drop.stream().mapToInt(Integer::intValue).toArray(), n));
    return out;
  }

  /**
   * Whether the checker rejects the image of exactly the whole units {@code present} (with {@code
   * shape}'s torn units not among them), acknowledging {@code acked}.
   */
  boolean failsWith(CrashState shape, BitSet present, List<String> acked) {
    String id = StateIds.format(g, shape);
    String key = "what-if " + id + " " + present + "|" + acked.size();
    return check(key, id, () -> images.image(shape, present), acked);
  }

  /** DURABILITY if the state passes with nothing acknowledged, else ATOMICITY or ORDERING. */
  Verdict.Kind classify(CrashState minimized, List<String> acked) {
    if (!acked.isEmpty() && !fails(minimized, List.of())) {
      return Verdict.Kind.DURABILITY;
    }
    return isPrefixLike(minimized) ? Verdict.Kind.ATOMICITY : Verdict.Kind.ORDERING;
  }

  /**
   * Whether the state is a crash between ops or inside one: everything before some op j
   * persisted, nothing after it, and op j in part or not at all.
   */
  boolean isPrefixLike(CrashState s) {
    BitSet present = States.present(g, s);
    int n = g.unitsUpTo(s.point());
    int first = present.nextClearBit(0);
    if (first >= n) {
      return true;
    }
    long j = g.seq(first);
    int after = g.unitsUpTo(j);
    if (present.nextSetBit(after) >= 0 && present.nextSetBit(after) < n) {
      return false;
    }
    for (int u : s.torn().keySet()) {
      if (g.seq(u) != j) {
        return false;
      }
    }
    return true;
  }

  static List<Integer> generators(CrashState s) {
    List<Integer> gens = new ArrayList<>();
    for (int u : s.omitted()) {
      gens.add(u);
    }
    gens.addAll(s.torn().keySet());
    gens.sort(null);
    return gens;
  }

  private static CrashState subset(CrashState s, List<Integer> keep) {
    List<Integer> om = new ArrayList<>();
    Map<Integer, BitSet> torn = new TreeMap<>();
    Map<Integer, BitSet> all = s.torn();
    for (int u : keep) {
      if (all.containsKey(u)) {
        torn.put(u, all.get(u));
      } else {
        om.add(u);
      }
    }
    return new CrashState(s.point(), om.stream().mapToInt(Integer::intValue).toArray(), torn);
  }

  private static List<List<Integer>> split(List<Integer> list, int n) {
    List<List<Integer>> out = new ArrayList<>();
    int size = list.size();
    int start = 0;
    for (int i = 0; i < n; i++) {
      int end = start + (size - start) / (n - i);
      if (end > start) {
        out.add(new ArrayList<>(list.subList(start, end)));
      }
      start = end;
    }
    return out;
  }

  /** Whether the checker rejects {@code s} with {@code acked} (a checker error is not a failure). */
  boolean fails(CrashState s, List<String> acked) {
    String id = StateIds.format(g, s);
    return check(id + "|" + acked.size(), id, () -> images.image(s), acked);
  }

  private boolean check(String key, String id, Supplier<FsImage> image, List<String> acked) {
    Boolean known = memo.get(key);
    if (known != null) {
      return known;
    }
    calls++;
    Path dir = scratch.resolve("minimize-" + (++serial));
    boolean failed;
    try {
      try {
        Materializer.materialize(image.get(), dir);
      } catch (IOException | ImageException e) {
        throw MaterializeException.of(id, e);
      }
      failed = checker.run(new CheckRequest(dir, acked, id, g.model())).outcome() == CheckResult.Outcome.FAIL;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Workspace.deleteQuietly(dir);
      Workspace.deleteQuietly(dir.resolveSibling(dir.getFileName() + ".acked"));
    }
    memo.put(key, failed);
    return failed;
  }
}
