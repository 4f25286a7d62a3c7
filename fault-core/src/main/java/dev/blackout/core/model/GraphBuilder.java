package dev.blackout.core.model;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.TreeMap;

/**
 * Walks a trace once, cutting every successful op into units, adding the order edges every model
 * shares and letting the model's {@link Rules} add its own edges and barriers.
 *
 * <p>Shared edges (all of them hold on any real file system, and none makes a state impossible
 * that a model wants): changes to one directory entry (parent, name) in trace order; an entry in a
 * directory after that directory's creation; size changes of one file in trace order; attribute
 * changes of one file in trace order; writes to the same bytes of a file in trace order.
 */
final class GraphBuilder {

  private record EntryKey(long parent, String name) {}

  private record Name(long parent, String name) {}

  private final Trace trace;
  private final ModelOptions options;
  private final Rules rules;
  private final int granularity;

  private final List<Unit> units = new ArrayList<>();
  private final List<int[]> preds = new ArrayList<>();
  private int[] predCounts = new int[64];
  private long[] forcedAt = new long[64];
  private final int[] opFirstUnit;

  private final Map<Long, InodeInfo> infos = new HashMap<>();
  private final Map<Long, Long> sizes = new HashMap<>();
  private final Map<Long, Name> names = new HashMap<>();
  private final Map<Long, Integer> dirCreator = new HashMap<>();
  private final Map<EntryKey, Integer> lastEntry = new HashMap<>();
  private final Map<Long, Integer> lastSize = new HashMap<>();
  private final Map<Long, Integer> lastAttr = new HashMap<>();
  private final Map<Long, TreeMap<Long, long[]>> dataSegments = new HashMap<>();
  /** Units of a file (DATA, SIZE, ATTR) no barrier has forced yet. */
  private final Map<Long, List<Integer>> fileUnits = new HashMap<>();
  /** ENTRY units in a directory no barrier has forced yet. */
  private final Map<Long, List<Integer>> dirUnits = new HashMap<>();

  /** For rules: the size the file had before the op being cut. */
  long sizeBefore;

  GraphBuilder(Trace trace, ModelOptions options, Rules rules, int granularity) {
    this.trace = trace;
    this.options = options;
    this.rules = rules;
    this.granularity = granularity;
    this.opFirstUnit = new int[trace.ops().size() + 2];
  }

  UnitGraph build(String model) {
    loadImage(trace.image());
    for (TraceOp op : trace.ops()) {
      opFirstUnit[(int) op.seq()] = units.size();
      if (!op.failed()) {
        cut(op);
      }
    }
    opFirstUnit[trace.ops().size() + 1] = units.size();
    int n = units.size();
    int[][] p = new int[n][];
    for (int i = 0; i < n; i++) {
      p[i] = sortedDistinct(preds.get(i), predCounts[i]);
    }
    return new UnitGraph(
        model,
        options,
        trace,
        units.toArray(new Unit[0]),
        p,
        Arrays.copyOf(forcedAt, n),
        opFirstUnit,
        rules.pendingMayPersist());
  }

  private static final int[] NONE = new int[0];

  private static int[] sortedDistinct(int[] a, int count) {
    if (count == 0) {
      return NONE;
    }
    int[] b = Arrays.copyOf(a, count);
    Arrays.sort(b);
    int w = 1;
    for (int r = 1; r < count; r++) {
      if (b[r] != b[w - 1]) {
        b[w++] = b[r];
      }
    }
    return w == count ? b : Arrays.copyOf(b, w);
  }

  // ------------------------------------------------------------------ helpers for rules

  Unit unit(int u) {
    return units.get(u);
  }

  int unitCount() {
    return units.size();
  }

  void addPred(int u, int p) {
    if (p < 0 || p == u) {
      return;
    }
    if (p > u) {
      throw new IllegalStateException("order edge " + p + " -> " + u + " points backwards");
    }
    int c = predCounts[u];
    int[] a = preds.get(u);
    if (c == a.length) {
      a = Arrays.copyOf(a, Math.max(4, a.length * 2));
      preds.set(u, a);
    }
    a[c] = p;
    predCounts[u] = c + 1;
  }

  /** Makes {@code u} and everything before it durable from the completion of op {@code seq}. */
  void force(int u, long seq) {
    if (forcedAt[u] <= seq) {
      return;
    }
    int[] stack = new int[16];
    int top = 0;
    stack[top++] = u;
    forcedAt[u] = seq;
    while (top > 0) {
      int v = stack[--top];
      int[] ps = preds.get(v);
      int c = predCounts[v];
      for (int i = 0; i < c; i++) {
        int p = ps[i];
        if (forcedAt[p] > seq) {
          forcedAt[p] = seq;
          if (top == stack.length) {
            stack = Arrays.copyOf(stack, top * 2);
          }
          stack[top++] = p;
        }
      }
    }
  }

  /**
   * Forces the units of {@code inode} of the given kinds issued by op {@code upTo}, from op {@code
   * seq} on.
   */
  void forceFile(long inode, long upTo, long seq, UnitKind... kinds) {
    forceList(fileUnits.get(inode), upTo, seq, kinds);
  }

  /** Forces the entry units in directory {@code dir} issued by op {@code upTo}. */
  void forceDir(long dir, long upTo, long seq) {
    forceList(dirUnits.get(dir), upTo, seq, UnitKind.ENTRY);
  }

  private void forceList(List<Integer> list, long upTo, long seq, UnitKind... kinds) {
    if (list == null) {
      return;
    }
    for (Iterator<Integer> it = list.iterator(); it.hasNext(); ) {
      int u = it.next();
      if (forcedAt[u] != Long.MAX_VALUE) {
        it.remove();
        continue;
      }
      Unit unit = units.get(u);
      if (unit.seq() <= upTo && Arrays.asList(kinds).contains(unit.kind())) {
        force(u, seq);
        it.remove();
      }
    }
  }

  /** The not yet forced DATA and SIZE units of {@code inode}. */
  List<Integer> pendingContent(long inode) {
    List<Integer> out = new ArrayList<>();
    for (int u : fileUnits.getOrDefault(inode, List.of())) {
      UnitKind k = units.get(u).kind();
      if (forcedAt[u] == Long.MAX_VALUE && (k == UnitKind.DATA || k == UnitKind.SIZE)) {
        out.add(u);
      }
    }
    return out;
  }

  InodeInfo info(long inode) {
    return infos.getOrDefault(inode, new InodeInfo(FileType.REGULAR, 0644, null, 0));
  }

  // ------------------------------------------------------------------ the initial image

  private void loadImage(InitialImage image) {
    Map<String, Long> byPath = new HashMap<>();
    for (InitialImage.Entry e : image.entries()) {
      byPath.put(e.path(), e.inode());
      infos.putIfAbsent(
          e.inode(), new InodeInfo(e.type(), e.mode() & 07777, e.linkTarget(), 0));
      if (e.type() == FileType.REGULAR && !sizes.containsKey(e.inode())) {
        sizes.put(e.inode(), e.content().length());
      }
      if (!e.path().isEmpty() && !names.containsKey(e.inode())) {
        int slash = e.path().lastIndexOf('/');
        String parentPath = slash < 0 ? "" : e.path().substring(0, slash);
        names.put(
            e.inode(), new Name(byPath.getOrDefault(parentPath, InitialImage.ROOT_INODE), e.path().substring(slash + 1)));
      }
    }
  }

  // ------------------------------------------------------------------ cutting ops into units

  private int add(
      TraceOp op, UnitKind kind, boolean explicit, boolean openTrunc, long inode, int rank, Effect effect, String text) {
    int u = units.size();
    int idx = u - opFirstUnit[(int) op.seq()];
    units.add(new Unit(op.seq(), idx, kind, explicit, openTrunc, inode, rank, effect, text,
        syncTarget(inode, effect)));
    preds.add(NONE);
    if (u == forcedAt.length) {
      forcedAt = Arrays.copyOf(forcedAt, u * 2);
      predCounts = Arrays.copyOf(predCounts, u * 2);
    }
    predCounts[u] = 0;
    forcedAt[u] = Long.MAX_VALUE;
    if (kind == UnitKind.ENTRY) {
      // dirUnits filled by the caller (an entry may belong to two directories)
    } else {
      fileUnits.computeIfAbsent(inode, k -> new ArrayList<>()).add(u);
    }
    switch (kind) {
      case SIZE -> {
        addPred(u, lastSize.getOrDefault(inode, -1));
        lastSize.put(inode, u);
      }
      case ATTR -> {
        addPred(u, lastAttr.getOrDefault(inode, -1));
        lastAttr.put(inode, u);
      }
      default -> {}
    }
    return u;
  }

  private void done(int u, TraceOp op) {
    rules.onUnit(this, u, op);
  }

  private void entryTouch(int u, long parent, String name) {
    addPred(u, lastEntry.getOrDefault(new EntryKey(parent, name), -1));
    lastEntry.put(new EntryKey(parent, name), u);
    addPred(u, dirCreator.getOrDefault(parent, -1));
    dirUnits.computeIfAbsent(parent, k -> new ArrayList<>()).add(u);
  }

  private void cut(TraceOp op) {
    long s = op.seq();
    if (op instanceof TraceOp.Create c) {
      newInode(c, new InodeInfo(FileType.REGULAR, c.mode() & 07777, null, 0, c.uid(), c.gid(), time(c.mtimeNanos(), op)));
      addEntry(op, c.parent(), c.name(), c.inode(), c.dirMtimeNanos(), "create #" + s + " " + q(path(c.parent(), c.name())));
    } else if (op instanceof TraceOp.Mkdir m) {
      newInode(m, new InodeInfo(FileType.DIRECTORY, m.mode() & 07777, null, 0, m.uid(), m.gid(), time(m.mtimeNanos(), op)));
      int u = addEntry(op, m.parent(), m.name(), m.inode(), m.dirMtimeNanos(), "mkdir #" + s + " " + q(path(m.parent(), m.name())));
      dirCreator.put(m.inode(), u);
    } else if (op instanceof TraceOp.Mknod m) {
      FileType type;
      try {
        type = FileType.fromMode(m.mode());
      } catch (IllegalArgumentException e) {
        type = FileType.REGULAR;
      }
      newInode(m, new InodeInfo(type, m.mode() & 07777, null, m.rdev(), m.uid(), m.gid(), time(m.mtimeNanos(), op)));
      addEntry(op, m.parent(), m.name(), m.inode(), m.dirMtimeNanos(), "mknod #" + s + " " + q(path(m.parent(), m.name())));
    } else if (op instanceof TraceOp.Symlink l) {
      newInode(l, new InodeInfo(FileType.SYMLINK, 0777, l.target(), 0, l.uid(), l.gid(), time(l.mtimeNanos(), op)));
      addEntry(op, l.parent(), l.name(), l.inode(), l.dirMtimeNanos(), "symlink #" + s + " " + q(path(l.parent(), l.name())) + " -> " + q(l.target()));
    } else if (op instanceof TraceOp.Link l) {
      String text = "link #" + s + " " + q(path(l.parent(), l.name())) + " to " + q(pathOf(l.inode()));
      names.putIfAbsent(l.inode(), new Name(l.parent(), l.name()));
      addEntry(op, l.parent(), l.name(), l.inode(), l.dirMtimeNanos(), text);
    } else if (op instanceof TraceOp.Unlink l) {
      removeEntry(op, l.parent(), l.name(), l.inode(), l.dirMtimeNanos(), "unlink #" + s + " " + q(path(l.parent(), l.name())));
    } else if (op instanceof TraceOp.Rmdir r) {
      removeEntry(op, r.parent(), r.name(), r.inode(), r.dirMtimeNanos(), "rmdir #" + s + " " + q(path(r.parent(), r.name())));
    } else if (op instanceof TraceOp.Rename r) {
      cutRename(r);
    } else if (op instanceof TraceOp.Open o) {
      if (OpenFlags.has(o.flags(), OpenFlags.O_TRUNC) && size(o.inode()) > 0) {
        sizeBefore = size(o.inode());
        int u = add(op, UnitKind.SIZE, true, true, o.inode(), 0, new Effect.SetSize(o.inode(), info(o.inode()), 0, time(o.mtimeNanos(), op)),
            "open #" + s + " O_TRUNC of " + q(pathOf(o.inode())) + " (size " + sizeBefore + " -> 0)");
        sizes.put(o.inode(), 0L);
        done(u, op);
      } else if (OpenFlags.has(o.flags(), OpenFlags.O_TRUNC) && o.mtimeNanos() != TraceOp.UNKNOWN) {
        stampOnly(op, o.inode(), o.mtimeNanos(), "open #" + s + " O_TRUNC of empty " + q(pathOf(o.inode())));
      }
    } else if (op instanceof TraceOp.Write w) {
      cutWrite(w);
    } else if (op instanceof TraceOp.Truncate t) {
      sizeBefore = size(t.inode());
      int u = add(op, UnitKind.SIZE, true, false, t.inode(), 1, new Effect.SetSize(t.inode(), info(t.inode()), t.size(), time(t.mtimeNanos(), op)),
          "truncate #" + s + " " + q(pathOf(t.inode())) + " " + sizeBefore + " -> " + t.size());
      sizes.put(t.inode(), t.size());
      done(u, op);
      cutTruncateTail(t);
    } else if (op instanceof TraceOp.Fallocate f) {
      cutFallocate(f);
    } else if (op instanceof TraceOp.Chmod || op instanceof TraceOp.Chown || op instanceof TraceOp.SetTimes
        || op instanceof TraceOp.SetXattr || op instanceof TraceOp.RemoveXattr) {
      long inode = attrInode(op);
      String what = op.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
      int u = add(op, UnitKind.ATTR, false, false, inode, 0, new Effect.Attr(op, inode, info(inode)),
          what + " #" + s + " " + q(pathOf(inode)));
      done(u, op);
    } else if (op instanceof TraceOp.Fsync f) {
      rules.onBarrier(this, Rules.Barrier.FSYNC, f.inode(), op.meta().startSeq(), s);
    } else if (op instanceof TraceOp.Fdatasync f) {
      rules.onBarrier(this, Rules.Barrier.FDATASYNC, f.inode(), op.meta().startSeq(), s);
    } else if (op instanceof TraceOp.Fsyncdir f) {
      rules.onBarrier(this, Rules.Barrier.FSYNCDIR, f.inode(), op.meta().startSeq(), s);
    } else if (op instanceof TraceOp.Release r) {
      rules.onRelease(this, r.inode(), s);
    }
    // Flush, Marker: no units
  }

  private static long attrInode(TraceOp op) {
    if (op instanceof TraceOp.Chmod c) return c.inode();
    if (op instanceof TraceOp.Chown c) return c.inode();
    if (op instanceof TraceOp.SetTimes c) return c.inode();
    if (op instanceof TraceOp.SetXattr c) return c.inode();
    return ((TraceOp.RemoveXattr) op).inode();
  }

  private void newInode(TraceOp.Creation c, InodeInfo info) {
    infos.put(c.inode(), info);
    sizes.put(c.inode(), 0L);
    names.put(c.inode(), new Name(c.parent(), c.name()));
  }

  /** The time an op gave what it changed: the kernel's value when the trace has it. */
  private static long time(long known, TraceOp op) {
    return known != TraceOp.UNKNOWN ? known : op.meta().timeNanos();
  }

  private int addEntry(TraceOp op, long parent, String name, long inode, long dirMtime, String text) {
    int u = add(op, UnitKind.ENTRY, false, false, inode, 0,
        new Effect.Link(parent, name, inode, info(inode), time(dirMtime, op)), text);
    entryTouch(u, parent, name);
    done(u, op);
    return u;
  }

  private void removeEntry(TraceOp op, long parent, String name, long inode, long dirMtime, String text) {
    int u = add(op, UnitKind.ENTRY, false, false, inode, 0, new Effect.Unlink(parent, name, time(dirMtime, op)), text);
    entryTouch(u, parent, name);
    Name n = names.get(inode);
    if (n != null && n.parent() == parent && n.name().equals(name)) {
      names.remove(inode);
    }
    done(u, op);
  }

  private void cutRename(TraceOp.Rename r) {
    long s = r.seq();
    String from = path(r.srcParent(), r.srcName());
    String to = path(r.dstParent(), r.dstName());
    boolean exchange = (r.flags() & TraceOp.Rename.RENAME_EXCHANGE) != 0;
    if (r.replaced() == r.inode() || r.srcParent() == r.dstParent() && r.srcName().equals(r.dstName())) {
      return; // onto itself or another link of the same file: rename(2) changes nothing
    }
    long srcTime = time(r.srcDirMtimeNanos(), r);
    long dstTime = time(r.dstDirMtimeNanos(), r);
    String text = "rename #" + s + " " + q(from) + "→" + q(to);
    if (rules.splitRename(options) && !exchange) {
      if (r.replaced() != 0) {
        int u0 = add(r, UnitKind.ENTRY, false, false, r.replaced(), 0, new Effect.Unlink(r.dstParent(), r.dstName(), dstTime),
            text + " part 1/3: unlink destination " + q(to));
        entryTouch(u0, r.dstParent(), r.dstName());
        done(u0, r);
      }
      int u1 = add(r, UnitKind.ENTRY, false, false, r.inode(), 1, new Effect.Link(r.dstParent(), r.dstName(), r.inode(), info(r.inode()), dstTime),
          text + " part 2/3: link destination " + q(to));
      entryTouch(u1, r.dstParent(), r.dstName());
      // linking the destination needs the source entry to exist: order it after the source's last change
      addPred(u1, lastEntry.getOrDefault(new EntryKey(r.srcParent(), r.srcName()), -1));
      done(u1, r);
      int u2 = add(r, UnitKind.ENTRY, false, false, r.inode(), 2, new Effect.Unlink(r.srcParent(), r.srcName(), srcTime),
          text + " part 3/3: unlink source " + q(from));
      entryTouch(u2, r.srcParent(), r.srcName());
      done(u2, r);
    } else {
      int u = add(r, UnitKind.ENTRY, false, false, r.inode(), 0,
          new Effect.Rename(r.srcParent(), r.srcName(), r.dstParent(), r.dstName(), r.inode(), info(r.inode()),
              r.replaced(), info(r.replaced()), exchange, srcTime, dstTime),
          text);
      entryTouch(u, r.srcParent(), r.srcName());
      if (r.srcParent() != r.dstParent() || !r.srcName().equals(r.dstName())) {
        entryTouch(u, r.dstParent(), r.dstName());
      }
      done(u, r);
    }
    Name moved = new Name(r.dstParent(), r.dstName());
    if (exchange && r.replaced() != 0) {
      names.put(r.replaced(), new Name(r.srcParent(), r.srcName()));
    } else if (r.replaced() != 0 && r.replaced() != r.inode()) {
      Name old = names.get(r.replaced());
      if (moved.equals(old)) {
        names.remove(r.replaced());
      }
    }
    names.put(r.inode(), moved);
  }

  private void cutWrite(TraceOp.Write w) {
    long s = w.seq();
    long len = w.data().length();
    if (len == 0) {
      return;
    }
    long inode = w.inode();
    sizeBefore = size(inode);
    String p = q(pathOf(inode));
    int d = add(w, UnitKind.DATA, false, false, inode, 1, new Effect.WriteData(inode, info(inode), w.offset(), w.data(), granularity, time(w.mtimeNanos(), w)),
        "write #" + s + " to " + p + " [" + w.offset() + ", " + w.end() + ")");
    overlap(d, inode, w.offset(), w.end());
    done(d, w);
    if (w.end() > sizeBefore) {
      int z = add(w, UnitKind.SIZE, false, false, inode, 0, new Effect.SetSize(inode, info(inode), w.end(), time(w.mtimeNanos(), w)),
          "size of " + p + " " + sizeBefore + " -> " + w.end() + " (write #" + s + ")");
      sizes.put(inode, w.end());
      done(z, w);
    }
    rules.onWriteDone(this, w, opFirstUnit[(int) s], units.size());
  }

  /** The block size file systems zero the tail of the new last block in (ext4, xfs, btrfs: 4 KiB). */
  static final int FS_BLOCK = 4096;

  /**
   * A truncate that shrinks a file to a size inside a block also zeroes the rest of that block, as
   * a data write of its own (ext4 {@code ext4_block_truncate_page}, xfs {@code xfs_truncate_page},
   * btrfs {@code btrfs_truncate_block}): it can reach the disk while the new size does not, leaving
   * the old size with zeros in the middle (found by calibration, docs/calibration.md). Applied
   * before the size so that it shows when the size did not persist.
   */
  private void cutTruncateTail(TraceOp.Truncate t) {
    long from = t.size();
    long to = Math.min(sizeBefore, (from / FS_BLOCK + 1) * FS_BLOCK);
    if (from >= sizeBefore || from % FS_BLOCK == 0 || to <= from) {
      return;
    }
    int z = add(t, UnitKind.DATA, false, false, t.inode(), 0, new Effect.Zero(t.inode(), info(t.inode()), from, to - from, time(t.mtimeNanos(), t)),
        "truncate #" + t.seq() + " zeroes " + q(pathOf(t.inode())) + " [" + from + ", " + to + ")");
    overlap(z, t.inode(), from, to);
    done(z, t);
  }

  private void cutFallocate(TraceOp.Fallocate f) {
    long s = f.seq();
    long inode = f.inode();
    sizeBefore = size(inode);
    boolean keep = (f.mode() & TraceOp.Fallocate.KEEP_SIZE) != 0;
    boolean zero = (f.mode() & (TraceOp.Fallocate.PUNCH_HOLE | TraceOp.Fallocate.ZERO_RANGE)) != 0;
    long end = f.offset() + f.length();
    String p = q(pathOf(inode));
    if (!keep && end > sizeBefore) {
      int z = add(f, UnitKind.SIZE, true, false, inode, 0, new Effect.SetSize(inode, info(inode), end, time(f.mtimeNanos(), f)),
          "fallocate #" + s + " " + p + " size " + sizeBefore + " -> " + end);
      sizes.put(inode, end);
      done(z, f);
    }
    if (zero && f.length() > 0) {
      int d = add(f, UnitKind.DATA, true, false, inode, 1, new Effect.Zero(inode, info(inode), f.offset(), f.length(), time(f.mtimeNanos(), f)),
          "fallocate #" + s + " zeroes " + p + " [" + f.offset() + ", " + end + ")");
      overlap(d, inode, f.offset(), end);
      done(d, f);
    } else if (!(!keep && end > sizeBefore) && f.mtimeNanos() != TraceOp.UNKNOWN) {
      stampOnly(f, inode, f.mtimeNanos(), "fallocate #" + s + " of " + p);
    }
  }

  /**
   * A {@link UnitKind#TIME} unit: the mtime the kernel gave {@code inode} at an op that left
   * nothing else to persist. Forced at its own op and outside every rule, so it adds no state.
   */
  private void stampOnly(TraceOp op, long inode, long mtime, String text) {
    int u = add(op, UnitKind.TIME, false, false, inode, 0, new Effect.Stamp(inode, info(inode), mtime), text);
    force(u, op.seq());
  }

  /** Orders data unit {@code u} after every earlier unit that wrote any of its bytes. */
  private void overlap(int u, long inode, long start, long end) {
    TreeMap<Long, long[]> segs = dataSegments.computeIfAbsent(inode, k -> new TreeMap<>());
    Entry<Long, long[]> floor = segs.floorEntry(start);
    long from = floor != null && floor.getValue()[0] > start ? floor.getKey() : start;
    List<Long> covered = new ArrayList<>(segs.subMap(from, true, end, false).keySet());
    for (long key : covered) {
      long[] seg = segs.remove(key);
      addPred(u, (int) seg[1]);
      if (key < start) {
        segs.put(key, new long[] {start, seg[1]});
      }
      if (seg[0] > end) {
        segs.put(end, new long[] {seg[0], seg[1]});
      }
    }
    segs.put(start, new long[] {end, u});
  }

  long size(long inode) {
    return sizes.getOrDefault(inode, 0L);
  }

  /** The file, or for a directory entry the directory, an fsync must name to make it durable. */
  private String syncTarget(long inode, Effect effect) {
    if (effect instanceof Effect.Link l) {
      return directory(l.parent());
    }
    if (effect instanceof Effect.Unlink l) {
      return directory(l.parent());
    }
    if (effect instanceof Effect.Rename r) {
      return r.srcParent() == r.dstParent() ? directory(r.dstParent())
          : directory(r.srcParent()) + " and " + directory(r.dstParent());
    }
    return q(pathOf(inode));
  }

  private String directory(long inode) {
    String p = pathOf(inode);
    return "the directory " + q(p.isEmpty() ? "." : p);
  }

  private String path(long parent, String name) {
    String pp = pathOf(parent);
    return pp.isEmpty() ? name : pp + "/" + name;
  }

  String pathOf(long inode) {
    if (inode == InitialImage.ROOT_INODE) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    long at = inode;
    int depth = 0;
    while (at != InitialImage.ROOT_INODE) {
      Name n = names.get(at);
      if (n == null || depth++ > 4096) {
        return "inode " + inode + " (unlinked)";
      }
      sb.insert(0, sb.length() == 0 ? n.name() : n.name() + "/");
      at = n.parent();
    }
    return sb.toString();
  }

  private static String q(String path) {
    return "'" + path + "'";
  }
}
