package dev.blackout.core.model;

import dev.blackout.core.image.FsImage;
import dev.blackout.core.trace.FileType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every distinct crash state a model allows for a trace, as images: what calibration compares with
 * the states a real kernel leaves. Unlike the explorer's strategies it does not enumerate ideals
 * one by one (their number grows exponentially with independent pending units); it walks the trace
 * op by op, keeping the set of distinct partial states — the image so far, the pending units that
 * later units still depend on, and the first crash point by which one of the lost units was forced
 * — and merges partial states that can only lead to the same images. Each op's units are decided
 * together (present, lost, or torn into some of their blocks) and applied in the order {@link
 * StateImages} uses. A crash at op k reports every partial state after op k that lost nothing
 * forced by k.
 *
 * <p>Images are merged by {@link FsImage#contentHash()} (the tree reachable from the root) plus the
 * content of unreachable inodes that a later unit links back; the state count is exact unless a
 * layer exceeds {@code maxLayer}, which {@link Result#truncated()} reports. Torn units take every
 * proper subset of their blocks when they have at most four, else six shapes (first or last block
 * alone, all but the first or last, either half).
 */
public final class ModelStateSpace {

  /** Receives every crash state: its crash point and its image (do not modify it). */
  @FunctionalInterface
  public interface Visitor {
    void state(long crashPoint, FsImage image);
  }

  /**
   * What the enumeration did.
   *
   * @param truncated a layer hit the bound: the states reported are a subset
   * @param partialStates partial states kept over all layers
   * @param visits crash states reported (a state reachable at several crash points counts at each)
   */
  public record Result(boolean truncated, long partialStates, long visits) {}

  private record Partial(FsImage image, int[] frontier, long deadline) {}

  private final UnitGraph g;
  private final int maxLayer;
  private final int[] maxSuccSeq;
  private final Map<Long, Long> lastLink = new HashMap<>();

  private ModelStateSpace(UnitGraph g, int maxLayer) {
    this.g = g;
    this.maxLayer = maxLayer;
    int n = g.unitCount();
    this.maxSuccSeq = new int[n];
    for (int u = 0; u < n; u++) {
      int m = 0;
      for (int w : g.succs(u)) {
        m = Math.max(m, (int) g.seq(w));
      }
      maxSuccSeq[u] = m;
      Effect e = g.effect(u);
      if (e instanceof Effect.Link l) {
        lastLink.merge(l.inode(), g.seq(u), Math::max);
      } else if (e instanceof Effect.Rename r) {
        lastLink.merge(r.inode(), g.seq(u), Math::max);
        if (r.replaced() != 0) {
          lastLink.merge(r.replaced(), g.seq(u), Math::max);
        }
      }
    }
  }

  /** Enumerates every crash state of {@code g}, keeping at most {@code maxLayer} partial states per op. */
  public static Result enumerate(UnitGraph g, int maxLayer, Visitor visitor) {
    Objects.requireNonNull(visitor, "visitor");
    if (maxLayer < 1) {
      throw new IllegalArgumentException("maxLayer (" + maxLayer + ") must be positive");
    }
    return new ModelStateSpace(g, maxLayer).run(visitor);
  }

  private Result run(Visitor visitor) {
    if (!g.pendingMayPersist()) {
      StateImages images = new StateImages(g);
      for (long k = 0; k <= g.opCount(); k++) {
        visitor.state(k, images.image(CrashState.full(k)));
      }
      return new Result(false, g.opCount() + 1, g.opCount() + 1);
    }
    boolean truncated = false;
    long partials = 1;
    long visits = 0;
    FsImage start = new StateImages(g).image(CrashState.full(0));
    Map<String, Partial> layer = new LinkedHashMap<>();
    layer.put("", new Partial(start, new int[0], Long.MAX_VALUE));
    visitor.state(0, start);
    visits++;
    for (long s = 1; s <= g.opCount(); s++) {
      int first = g.firstUnitOf(s);
      int count = g.unitsOf(s);
      Map<String, Partial> next = new LinkedHashMap<>();
      for (Partial p : layer.values()) {
        if (count == 0) {
          Partial q = new Partial(p.image(), prune(p.frontier(), s), p.deadline());
          next.putIfAbsent(key(q, s), q);
          continue;
        }
        int[] status = new int[count];
        expand(p, s, first, count, 0, status, new BitSet[count], next);
        if (next.size() > maxLayer) {
          truncated = true;
          break;
        }
      }
      if (next.size() > maxLayer) {
        truncated = true;
        Map<String, Partial> cut = new LinkedHashMap<>();
        for (Map.Entry<String, Partial> e : next.entrySet()) {
          if (cut.size() >= maxLayer) {
            break;
          }
          cut.put(e.getKey(), e.getValue());
        }
        next = cut;
      }
      layer = next;
      partials += layer.size();
      for (Partial p : layer.values()) {
        if (p.deadline() > s) {
          visitor.state(s, p.image());
          visits++;
        }
      }
    }
    return new Result(truncated, partials, visits);
  }

  private static final int LOST = 0;
  private static final int PRESENT = 1;
  private static final int TORN = 2;

  /** Decides unit {@code first + i} and recurses; at the end applies the op's units. */
  private void expand(Partial p, long s, int first, int count, int i, int[] status, BitSet[] torn,
      Map<String, Partial> out) {
    if (out.size() > maxLayer) {
      return;
    }
    if (i == count) {
      Partial q = apply(p, s, first, count, status, torn);
      if (q.deadline() > s) {
        out.putIfAbsent(key(q, s), q);
      }
      return;
    }
    int u = first + i;
    boolean predsPresent = true;
    for (int pr : g.preds(u)) {
      if (pr >= first ? status[pr - first] != PRESENT : Arrays.binarySearch(p.frontier(), pr) >= 0) {
        predsPresent = false;
        break;
      }
    }
    if (predsPresent) {
      status[i] = PRESENT;
      expand(p, s, first, count, i + 1, status, torn, out);
      if (g.isData(u) && g.blockCount(u) >= 2 && g.forcedAt(u) > s) {
        for (BitSet b : tornShapes(g.blockCount(u))) {
          status[i] = TORN;
          torn[i] = b;
          expand(p, s, first, count, i + 1, status, torn, out);
        }
        torn[i] = null;
      }
    }
    if (g.forcedAt(u) > s) {
      status[i] = LOST;
      expand(p, s, first, count, i + 1, status, torn, out);
    }
  }

  private Partial apply(Partial p, long s, int first, int count, int[] status, BitSet[] torn) {
    FsImage image = p.image().copy();
    long deadline = p.deadline();
    List<Integer> lost = new ArrayList<>();
    for (int rank = 0; rank <= 2; rank++) {
      for (int i = 0; i < count; i++) {
        int u = first + i;
        if (g.role(u).applyRank != rank) {
          continue;
        }
        if (status[i] == PRESENT) {
          g.effect(u).apply(image);
        } else if (status[i] == TORN) {
          ((Effect.WriteData) g.effect(u)).applyBlocks(image, torn[i]);
        }
      }
    }
    for (int i = 0; i < count; i++) {
      if (status[i] != PRESENT) {
        int u = first + i;
        deadline = Math.min(deadline, g.forcedAt(u));
        if (maxSuccSeq[u] > s) {
          lost.add(u);
        }
      }
    }
    int[] frontier = prune(p.frontier(), s);
    if (!lost.isEmpty()) {
      int[] f = Arrays.copyOf(frontier, frontier.length + lost.size());
      for (int j = 0; j < lost.size(); j++) {
        f[frontier.length + j] = lost.get(j);
      }
      Arrays.sort(f);
      frontier = f;
    }
    return new Partial(image, frontier, deadline);
  }

  /** The lost units some unit after op {@code s} still depends on. */
  private int[] prune(int[] frontier, long s) {
    int keep = 0;
    for (int u : frontier) {
      if (maxSuccSeq[u] > s) {
        keep++;
      }
    }
    if (keep == frontier.length) {
      return frontier;
    }
    int[] out = new int[keep];
    int j = 0;
    for (int u : frontier) {
      if (maxSuccSeq[u] > s) {
        out[j++] = u;
      }
    }
    return out;
  }

  private String key(Partial p, long s) {
    StringBuilder k = new StringBuilder(p.image().contentHash());
    java.util.Set<Long> reachable = null;
    for (Map.Entry<Long, FileType> e : p.image().inodes().entrySet()) {
      long ino = e.getKey();
      Long last = lastLink.get(ino);
      if (last == null || last <= s) {
        continue;
      }
      if (reachable == null) {
        reachable = new java.util.HashSet<>();
        collect(p.image(), dev.blackout.core.trace.InitialImage.ROOT_INODE, reachable);
      }
      if (!reachable.contains(ino)) {
        k.append('|').append(ino).append(':').append(e.getValue());
        if (e.getValue() == FileType.REGULAR) {
          k.append(':').append(p.image().size(ino)).append(':').append(Arrays.hashCode(p.image().read(ino)));
        }
      }
    }
    k.append('#').append(Arrays.toString(p.frontier())).append('@').append(p.deadline());
    return k.toString();
  }

  private static void collect(FsImage image, long dir, java.util.Set<Long> out) {
    if (!out.add(dir) || image.type(dir) != FileType.DIRECTORY) {
      return;
    }
    for (long child : image.list(dir).values()) {
      collect(image, child, out);
    }
  }

  private static List<BitSet> tornShapes(int blocks) {
    List<BitSet> out = new ArrayList<>();
    if (blocks <= 4) {
      for (int m = 1; m < (1 << blocks) - 1; m++) {
        out.add(BitSet.valueOf(new long[] {m}));
      }
      return out;
    }
    int half = blocks / 2;
    out.add(range(0, 1));
    out.add(range(blocks - 1, blocks));
    out.add(range(1, blocks));
    out.add(range(0, blocks - 1));
    out.add(range(0, half));
    out.add(range(half, blocks));
    return out;
  }

  private static BitSet range(int from, int to) {
    BitSet b = new BitSet();
    b.set(from, to);
    return b;
  }
}
