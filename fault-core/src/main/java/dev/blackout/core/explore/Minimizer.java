package dev.blackout.core.explore;

import dev.blackout.core.check.CheckRequest;
import dev.blackout.core.check.CheckResult;
import dev.blackout.core.check.Checker;
import dev.blackout.core.check.Verdict;
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
    int n = 2;
    while (gens.size() >= 2 && calls < budgetEnd) {
      List<List<Integer>> chunks = split(gens, n);
      boolean reduced = false;
      for (List<Integer> c : chunks) {
        if (calls >= budgetEnd) {
          break;
        }
        if (fails(subset(failing, c), acked)) {
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
          if (fails(subset(failing, rest), acked)) {
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
    return subset(failing, gens);
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
    String key = id + "|" + acked.size();
    Boolean known = memo.get(key);
    if (known != null) {
      return known;
    }
    calls++;
    Path dir = scratch.resolve("minimize-" + (++serial));
    boolean failed;
    try {
      try {
        Materializer.materialize(images.image(s), dir);
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
