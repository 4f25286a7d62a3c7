package dev.blackout.core.model;

import dev.blackout.core.image.FsImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Builds the in-memory image of a crash state: the trace's initial image plus the state's units,
 * applied in trace order (within one op, in the order that lets a size persist before its data).
 * Thread-safe.
 *
 * <p>A state costs what it differs by, not the length of the trace (docs/exploration.md, "State
 * images"). Images of every unit up to op {@code c × stride} (checkpoints) and of the last full
 * prefix asked for are kept, copy-on-write. A state at crash point k is then the full image at k
 * (the nearest checkpoint or prefix below k, plus the ops up to k), corrected where the state's
 * missing units are: every directory entry a missing unit touched gets the value its persisted
 * units give it, and every file whose content a missing unit touched gets its content from the
 * checkpoint before that file's first missing unit plus that file's persisted units since.
 *
 * <p>This is exact because each unit changes one object only: a content unit (data, size,
 * attribute) its inode's content, an entry unit one or two directory entries, each depending only
 * on that entry's previous value; inodes are created once, with the same type and mode whichever
 * unit creates them. A file no path reaches after the entries are corrected is left as it is
 * (nothing sees it). A trace that reuses an inode id for a second file falls back to replaying
 * from the checkpoint before the state's first missing unit.
 */
public final class StateImages {

  private record Key(long parent, String name) {}

  private final UnitGraph graph;
  private final int stride;
  private final List<FsImage> checkpoints = new ArrayList<>();
  /** The trace's initial image (checkpoint 0). */
  private final FsImage initial;
  /** Whether states are built as corrections of full images (false: an inode id is reused). */
  private final boolean corrective;
  /** Content units (DATA, SIZE, ATTR) of each inode, in unit order. */
  private final Map<Long, int[]> contentUnits;
  /** Entry units touching each directory entry, in unit order. */
  private final Map<Key, int[]> entryUnits;
  /** Permission bits each inode is created with (by whichever unit creates it). */
  private final Map<Long, InodeInfo> creationInfos;
  /** Entry units whose entry lies in each directory (they set its mtime), in unit order. */
  private final Map<Long, int[]> dirEntryUnits;

  public StateImages(UnitGraph graph) {
    this.graph = graph;
    // at most ~256 checkpoints: each holds its own copy of the block tables of the files it changed
    this.stride = Math.max(32, graph.opCount() / 256);
    this.initial = FsImage.of(graph.trace().image());
    checkpoints.add(initial);
    Map<Long, IntArray> content = new HashMap<>();
    Map<Key, IntArray> entries = new HashMap<>();
    Map<Long, InodeInfo> infos = new HashMap<>();
    boolean reused = false;
    for (int u = 0; u < graph.unitCount(); u++) {
      UnitRole role = graph.role(u);
      long inode = graph.inode(u);
      if (role.kind == UnitKind.ENTRY) {
        Effect e = graph.effect(u);
        for (Key k : keys(e)) {
          entries.computeIfAbsent(k, x -> new IntArray()).add(u);
        }
        if (e instanceof Effect.Rename r && r.exchange() && r.replaced() != 0) {
          reused |= !same(infos, r.replaced(), r.replacedInfo());
        }
        if (role == UnitRole.RENAME_UNLINK_DST || role == UnitRole.ENTRY_UNLINK) {
          continue; // an entry's removal creates nothing
        }
      } else {
        content.computeIfAbsent(inode, x -> new IntArray()).add(u);
      }
      reused |= !same(infos, inode, graph.info(u));
    }
    this.corrective = !reused;
    this.contentUnits = new HashMap<>();
    content.forEach((k, v) -> contentUnits.put(k, v.toArray()));
    this.entryUnits = new HashMap<>();
    entries.forEach((k, v) -> entryUnits.put(k, v.toArray()));
    this.creationInfos = infos;
    Map<Long, IntArray> byDir = new HashMap<>();
    entries.forEach((k, v) -> {
      IntArray d = byDir.computeIfAbsent(k.parent(), x -> new IntArray());
      int[] us = v.toArray();
      for (int u : us) {
        d.add(u);
      }
    });
    this.dirEntryUnits = new HashMap<>();
    byDir.forEach((d, v) -> {
      int[] us = v.toArray();
      Arrays.sort(us);
      dirEntryUnits.put(d, Arrays.stream(us).distinct().toArray());
    });
  }

  /** Records what {@code inode} is created as; false when it was something else before. */
  private static boolean same(Map<Long, InodeInfo> infos, long inode, InodeInfo info) {
    InodeInfo old = infos.putIfAbsent(inode, info);
    return old == null || old.equals(info);
  }

  /** A growable array of unit numbers. */
  private static final class IntArray {
    private int[] a = new int[2];
    private int n;

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    int[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }

  /** The last state built without torn units: later states that extend it start from it. */
  private long lastPoint = -1;
  private BitSet lastPresent;
  private FsImage lastImage;
  /** The last full prefix built (every unit of the ops up to {@link #fullPoint}). */
  private long fullPoint = -1;
  private FsImage fullImage;

  /** Whether states are built as corrections of full images (for tests). */
  boolean corrective() {
    return corrective;
  }

  /** A fresh image of {@code state} (the caller owns it). */
  public FsImage image(CrashState state) {
    BitSet present = States.present(graph, state);
    FsImage incremental = extendLast(state, present);
    if (incremental != null) {
      return incremental;
    }
    if (!corrective) {
      FsImage built = replay(state, present);
      remember(state, present, built);
      return built;
    }
    FsImage image = full(state.point());
    if (correct(image, state, present)) {
      remember(state, present, image);
    }
    return image;
  }

  /**
   * A fresh image holding exactly the whole units {@code present} (any downward-closed set of
   * units up to {@code shape}'s crash point, not necessarily a state of the model) and {@code
   * shape}'s torn units that are not in {@code present}: what-if images for explaining a failure.
   */
  public FsImage image(CrashState shape, BitSet present) {
    java.util.Map<Integer, BitSet> torn = new java.util.TreeMap<>(shape.tornRaw());
    torn.keySet().removeIf(present::get);
    CrashState state = new CrashState(shape.point(), new int[0], torn);
    if (!corrective) {
      return replay(state, present);
    }
    FsImage image = full(state.point());
    correct(image, state, present);
    return image;
  }

  /**
   * When {@code state} only adds units of ops after the last state's crash point to that state
   * (consecutive crash points of prefix and drop-unsynced, mostly), its image is the last image
   * plus those ops.
   */
  private FsImage extendLast(CrashState state, BitSet present) {
    FsImage base;
    long from;
    synchronized (this) {
      if (lastImage == null || !state.tornRaw().isEmpty() || state.point() < lastPoint) {
        return null;
      }
      BitSet head = present.get(0, graph.unitsUpTo(lastPoint));
      if (!head.equals(lastPresent)) {
        return null;
      }
      base = lastImage.copy();
      from = lastPoint + 1;
    }
    applyOps(base, from, state.point(), present, state);
    remember(state, present, base);
    return base;
  }

  private void remember(CrashState state, BitSet present, FsImage image) {
    if (!state.tornRaw().isEmpty()) {
      return;
    }
    FsImage keep = image.copy();
    synchronized (this) {
      lastPoint = state.point();
      lastPresent = present.get(0, graph.unitsUpTo(state.point()));
      lastImage = keep;
    }
  }

  /** A fresh image of every unit of the ops up to {@code k}. */
  private FsImage full(long k) {
    int c = (int) Math.min(k / stride, Integer.MAX_VALUE);
    FsImage base;
    long from;
    synchronized (this) {
      if (fullImage != null && fullPoint <= k && fullPoint >= (long) c * stride) {
        base = fullImage.copy();
        from = fullPoint + 1;
      } else {
        base = null;
        from = (long) c * stride + 1;
      }
    }
    if (base == null) {
      base = checkpoint(c).copy();
    }
    applyAll(base, from, k);
    FsImage keep = base.copy();
    synchronized (this) {
      if (k >= fullPoint || fullImage == null) {
        fullPoint = k;
        fullImage = keep;
      }
    }
    return base;
  }

  /**
   * Turns {@code image}, the full image at the state's crash point, into the state's image.
   * Returns false when an unreachable file was left uncorrected (the image is then right for
   * everything a path reaches, but must not be extended by later ops).
   */
  private boolean correct(FsImage image, CrashState state, BitSet present) {
    int n = graph.unitsUpTo(state.point());
    int first = present.nextClearBit(0);
    if (first >= n) {
      return true;
    }
    Map<Long, Integer> inodes = new LinkedHashMap<>();
    Set<Key> keys = new LinkedHashSet<>();
    // directories whose entries a missing unit changed (their times follow their entries), with
    // the first such unit
    Map<Long, Integer> dirs = new LinkedHashMap<>();
    for (int u = first; u < n; u = present.nextClearBit(u + 1)) {
      if (graph.role(u).kind == UnitKind.ENTRY) {
        for (Key k : keys(graph.effect(u))) {
          keys.add(k);
          dirs.putIfAbsent(k.parent(), u);
        }
      } else {
        inodes.putIfAbsent(graph.inode(u), u);
      }
    }
    for (Key key : keys) {
      setEntry(image, key, entryValue(key, present, n));
    }
    for (Map.Entry<Long, Integer> e : inodes.entrySet()) {
      if (image.exists(e.getKey()) && image.type(e.getKey()) == dev.blackout.core.trace.FileType.DIRECTORY) {
        dirs.merge(e.getKey(), e.getValue(), Math::min);
      }
    }
    boolean exact = true;
    for (Map.Entry<Long, Integer> e : inodes.entrySet()) {
      long inode = e.getKey();
      if (dirs.containsKey(inode)) {
        continue;
      }
      if (!image.reachable(inode)) {
        exact = false;
        continue;
      }
      rebuildContent(image, inode, e.getValue(), present, n, state);
    }
    for (Map.Entry<Long, Integer> e : dirs.entrySet()) {
      long dir = e.getKey();
      if (!image.exists(dir)) {
        continue;
      }
      if (!image.reachable(dir)) {
        exact = false;
        continue;
      }
      rebuildDirectory(image, dir, e.getValue(), present, n);
    }
    return exact;
  }

  /**
   * Gives directory {@code dir} the attributes and times the state has. Its times depend on its
   * entries' history (an entry change sets the directory's mtime when it changes something): the
   * persisted units that change its entries or attributes are replayed on a scratch copy of the
   * checkpoint before {@code firstMissing}, and the directory's attributes taken from there.
   */
  private void rebuildDirectory(FsImage image, long dir, int firstMissing, BitSet present, int n) {
    long seq = graph.seq(firstMissing);
    int c = (int) Math.min((seq - 1) / stride, Integer.MAX_VALUE);
    FsImage scratch = checkpoint(c).copy();
    if (!scratch.exists(dir) && creationInfos.containsKey(dir)) {
      // made after the checkpoint, by its own mkdir (which persisted: an entry in it did)
      Effect.ensure(scratch, dir, creationInfos.get(dir));
    }
    int from = graph.unitsUpTo((long) c * stride);
    int[] a = dirEntryUnits.getOrDefault(dir, new int[0]);
    int[] b = contentUnits.getOrDefault(dir, new int[0]);
    int i = lowerBound(a, from);
    int j = lowerBound(b, from);
    List<Integer> units = new ArrayList<>();
    while ((i < a.length && a[i] < n) || (j < b.length && b[j] < n)) {
      int u = j >= b.length || b[j] >= n || (i < a.length && a[i] < n && a[i] < b[j]) ? a[i++] : b[j++];
      if (present.get(u)) {
        units.add(u);
      }
    }
    applyInOrder(scratch, units, present, null);
    if (scratch.exists(dir)) {
      image.restoreContent(dir, scratch, 0);
    }
  }

  private static int lowerBound(int[] a, int v) {
    int i = Arrays.binarySearch(a, v);
    return i < 0 ? -i - 1 : i;
  }

  /** Applies {@code units} (ascending), the units of one op in apply order. */
  private void applyInOrder(FsImage image, List<Integer> units, BitSet present, CrashState state) {
    int i = 0;
    while (i < units.size()) {
      long s = graph.seq(units.get(i));
      int j = i;
      while (j < units.size() && graph.seq(units.get(j)) == s) {
        j++;
      }
      for (int rank = 0; rank <= 2; rank++) {
        for (int x = i; x < j; x++) {
          applyUnit(image, units.get(x), rank, present, state);
        }
      }
      i = j;
    }
  }

  /** The inode directory entry {@code key} names after its persisted units (0: none). */
  private long entryValue(Key key, BitSet present, int n) {
    long v = 0;
    if (initial.exists(key.parent()) && initial.type(key.parent()) == dev.blackout.core.trace.FileType.DIRECTORY) {
      v = initial.lookup(key.parent(), key.name()).orElse(0);
    }
    for (int u : entryUnits.getOrDefault(key, new int[0])) {
      if (u >= n) {
        break;
      }
      if (present.get(u)) {
        v = restricted(graph.effect(u), key, v);
      }
    }
    return v;
  }

  /** What {@code effect} does to entry {@code key} holding {@code v} (0: no entry). */
  private static long restricted(Effect effect, Key key, long v) {
    if (effect instanceof Effect.Link l) {
      return l.inode();
    }
    if (effect instanceof Effect.Unlink) {
      return 0;
    }
    Effect.Rename r = (Effect.Rename) effect;
    if (r.srcParent() == r.dstParent() && r.srcName().equals(r.dstName())) {
      return v;
    }
    if (!r.exchange() && r.replaced() == r.inode()) {
      return v;
    }
    if (key.equals(new Key(r.dstParent(), r.dstName()))) {
      return r.inode();
    }
    if (r.exchange() && r.replaced() != 0) {
      return r.replaced();
    }
    return v == r.inode() ? 0 : v;
  }

  private static void setEntry(FsImage image, Key key, long value) {
    if (!image.exists(key.parent())) {
      return; // no unit ever made this directory: nothing to correct
    }
    OptionalLong now = image.lookup(key.parent(), key.name());
    if (now.orElse(0) == value) {
      return;
    }
    if (now.isPresent()) {
      image.unlink(key.parent(), key.name());
    }
    if (value != 0) {
      image.link(key.parent(), key.name(), value);
    }
  }

  /**
   * Gives {@code inode} the content the state has: that of the checkpoint before its first
   * missing content unit, plus its persisted (and torn) content units since.
   */
  private void rebuildContent(FsImage image, long inode, int firstMissing, BitSet present, int n, CrashState state) {
    long seq = graph.seq(firstMissing);
    int c = (int) Math.min((seq - 1) / stride, Integer.MAX_VALUE);
    FsImage base = checkpoint(c);
    if (!base.exists(inode)) {
      // not created yet at the checkpoint: the state creates it as its first persisted unit does
      base = FsImage.emptyRoot(0755);
      Effect.ensure(base, inode, creationInfos.get(inode));
    }
    image.restoreContent(inode, base, 0);
    int[] units = contentUnits.get(inode);
    int i = lowerBound(units, graph.unitsUpTo((long) c * stride));
    List<Integer> todo = new ArrayList<>();
    for (; i < units.length && units[i] < n; i++) {
      todo.add(units[i]);
    }
    applyInOrder(image, todo, present, state);
  }

  /**
   * The image by replaying the units from the checkpoint before the state's first missing one (how
   * every state was built before corrections; kept for traces that reuse inode ids, and as the
   * reference the tests compare corrections with).
   */
  FsImage replay(CrashState state) {
    return replay(state, States.present(graph, state));
  }

  private FsImage replay(CrashState state, BitSet present) {
    int n = graph.unitsUpTo(state.point());
    int firstMissing = present.nextClearBit(0);
    long whole = firstMissing >= n ? state.point() : graph.seq(firstMissing) - 1;
    int c = (int) Math.min(whole / stride, Integer.MAX_VALUE);
    FsImage image = checkpoint(c).copy();
    applyOps(image, (long) c * stride + 1, state.point(), present, state);
    return image;
  }

  /** The image with every unit of every op applied (the workload's final tree, by the model). */
  public FsImage all() {
    return full(graph.opCount());
  }

  private synchronized FsImage checkpoint(int c) {
    while (checkpoints.size() <= c) {
      int i = checkpoints.size();
      FsImage next = checkpoints.get(i - 1).copy();
      long from = (long) (i - 1) * stride + 1;
      long to = Math.min((long) i * stride, graph.opCount());
      applyAll(next, from, to);
      checkpoints.add(next);
    }
    return checkpoints.get(c);
  }

  private void applyAll(FsImage image, long from, long to) {
    BitSet all = new BitSet();
    if (from <= to) {
      all.set(graph.firstUnitOf(from), graph.unitsUpTo(to));
    }
    applyOps(image, from, to, all, null);
  }

  private void applyOps(FsImage image, long from, long to, BitSet present, CrashState state) {
    for (long seq = from; seq <= to; seq++) {
      int first = graph.firstUnitOf(seq);
      int count = graph.unitsOf(seq);
      for (int rank = 0; rank <= 2 && count > 0; rank++) {
        for (int u = first; u < first + count; u++) {
          applyUnit(image, u, rank, present, state);
        }
      }
    }
  }

  private void applyUnit(FsImage image, int u, int rank, BitSet present, CrashState state) {
    if (graph.role(u).applyRank != rank) {
      return;
    }
    if (present.get(u)) {
      graph.effect(u).apply(image);
    } else if (state != null && state.tornRaw().containsKey(u)) {
      ((Effect.WriteData) graph.effect(u)).applyBlocks(image, state.tornRaw().get(u));
    }
  }

  /** The directory entries an entry unit's effect touches. */
  private static List<Key> keys(Effect e) {
    if (e instanceof Effect.Link l) {
      return List.of(new Key(l.parent(), l.name()));
    }
    if (e instanceof Effect.Unlink l) {
      return List.of(new Key(l.parent(), l.name()));
    }
    if (e instanceof Effect.Rename r) {
      Key src = new Key(r.srcParent(), r.srcName());
      Key dst = new Key(r.dstParent(), r.dstName());
      return src.equals(dst) ? List.of(src) : List.of(src, dst);
    }
    throw new IllegalStateException("not an entry effect: " + e);
  }
}
