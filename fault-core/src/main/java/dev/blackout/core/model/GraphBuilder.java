package dev.blackout.core.model;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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

  private final Units units;
  /** Order edges of the units of finished ops: units u's preds are predData[predStart[u]..predStart[u+1]). */
  private int[] predStart = new int[65];
  private int[] predData = new int[64];
  private int predEnd;
  /** The units of the op being cut, whose edges may still grow: their preds so far. */
  private int openFirst;
  private int[][] openPreds = new int[4][];
  private int[] openCounts = new int[4];
  private int[] forcedAt = new int[64];
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
  private final Map<Long, IntList> fileUnits = new HashMap<>();
  /** ENTRY units in a directory no barrier has forced yet. */
  private final Map<Long, IntList> dirUnits = new HashMap<>();

  /** For rules: the size the file had before the op being cut. */
  long sizeBefore;

  GraphBuilder(Trace trace, ModelOptions options, Rules rules, int granularity) {
    this.trace = trace;
    this.options = options;
    this.rules = rules;
    this.granularity = granularity;
    this.opFirstUnit = new int[trace.ops().size() + 2];
    this.units = new Units(trace, granularity, opFirstUnit);
  }

  UnitGraph build(String model) {
    loadImage(trace.image());
    for (TraceOp op : trace.ops()) {
      opFirstUnit[(int) op.seq()] = units.count();
      openFirst = units.count();
      units.begin(op);
      if (!op.failed()) {
        cut(op);
      }
      seal();
    }
    opFirstUnit[trace.ops().size() + 1] = units.count();
    units.finish();
    int n = units.count();
    return new UnitGraph(
        model,
        options,
        trace,
        units,
        Arrays.copyOf(predStart, n + 1),
        Arrays.copyOf(predData, predEnd),
        Arrays.copyOf(forcedAt, n),
        opFirstUnit,
        rules.pendingMayPersist());
  }

  /** Moves the edges of the op just cut into the compact table (sorted, without repeats). */
  private void seal() {
    int end = units.count();
    for (int u = openFirst; u < end; u++) {
      int c = openCounts[u - openFirst];
      int[] ps = c == 0 ? NONE : sortedDistinct(openPreds[u - openFirst], c);
      if (predEnd + ps.length > predData.length) {
        predData = Arrays.copyOf(predData, Math.max(predData.length * 2, predEnd + ps.length));
      }
      System.arraycopy(ps, 0, predData, predEnd, ps.length);
      predEnd += ps.length;
      if (u + 1 >= predStart.length) {
        predStart = Arrays.copyOf(predStart, predStart.length * 2);
      }
      predStart[u + 1] = predEnd;
      openCounts[u - openFirst] = 0;
    }
    openFirst = end;
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

  /** A growable list of unit numbers. */
  private static final class IntList {
    int[] a = new int[4];
    int n;

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }
  }

  // ------------------------------------------------------------------ helpers for rules

  Unit unit(int u) {
    return new Unit(units, u);
  }

  int unitCount() {
    return units.count();
  }

  void addPred(int u, int p) {
    if (p < 0 || p == u) {
      return;
    }
    if (p > u) {
      throw new IllegalStateException("order edge " + p + " -> " + u + " points backwards");
    }
    if (u < openFirst) {
      throw new IllegalStateException("order edge " + p + " -> " + u + " added after unit " + u + "'s op was cut");
    }
    int i = u - openFirst;
    int[] a = openPreds[i];
    int c = openCounts[i];
    if (a == null || c == a.length) {
      a = a == null ? new int[4] : Arrays.copyOf(a, a.length * 2);
      openPreds[i] = a;
    }
    a[c] = p;
    openCounts[i] = c + 1;
  }

  private boolean forced(int u) {
    return forcedAt[u] != Integer.MAX_VALUE;
  }

  /** Makes {@code u} and everything before it durable from the completion of op {@code seq}. */
  void force(int u, long seq) {
    int at = Math.toIntExact(seq);
    if (forcedAt[u] <= at) {
      return;
    }
    int[] stack = new int[16];
    int top = 0;
    stack[top++] = u;
    forcedAt[u] = at;
    while (top > 0) {
      int v = stack[--top];
      int[] ps;
      int from;
      int to;
      if (v >= openFirst) {
        ps = openPreds[v - openFirst];
        from = 0;
        to = openCounts[v - openFirst];
      } else {
        ps = predData;
        from = predStart[v];
        to = predStart[v + 1];
      }
      for (int i = from; i < to; i++) {
        int p = ps[i];
        if (forcedAt[p] > at) {
          forcedAt[p] = at;
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

  /** Forces the listed units of {@code kinds} issued by op {@code upTo}; drops forced ones. */
  private void forceList(IntList list, long upTo, long seq, UnitKind... kinds) {
    if (list == null) {
      return;
    }
    List<UnitKind> wanted = Arrays.asList(kinds);
    int w = 0;
    for (int i = 0; i < list.n; i++) {
      int u = list.a[i];
      if (forced(u)) {
        continue;
      }
      if (units.seq(u) <= upTo && wanted.contains(units.role(u).kind)) {
        force(u, seq);
        continue;
      }
      list.a[w++] = u;
    }
    list.n = w;
  }

  /** The not yet forced DATA and SIZE units of {@code inode}. */
  List<Integer> pendingContent(long inode) {
    List<Integer> out = new ArrayList<>();
    IntList list = fileUnits.get(inode);
    for (int i = 0; list != null && i < list.n; i++) {
      int u = list.a[i];
      UnitKind k = units.role(u).kind;
      if (!forced(u) && (k == UnitKind.DATA || k == UnitKind.SIZE)) {
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

  private int add(TraceOp op, UnitRole role, long inode, InodeInfo info, InodeInfo replaced, UnitRole.Words words) {
    int u = units.add(role, inode, info, replaced, words, sizeBefore);
    if (u == forcedAt.length) {
      forcedAt = Arrays.copyOf(forcedAt, u * 2);
    }
    forcedAt[u] = Integer.MAX_VALUE;
    int open = u - openFirst;
    if (open == openCounts.length) {
      openCounts = Arrays.copyOf(openCounts, open * 2);
      openPreds = Arrays.copyOf(openPreds, open * 2);
    }
    openCounts[open] = 0;
    UnitKind kind = role.kind;
    if (kind != UnitKind.ENTRY) {
      // dirUnits are filled by the caller (an entry may belong to two directories)
      fileUnits.computeIfAbsent(inode, k -> new IntList()).add(u);
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

  /** The words of an op on one file: its path, which is also what an fsync must name. */
  private UnitRole.Words fileWords(long inode) {
    String p = pathOf(inode);
    return words(p, null, UnitRole.q(p));
  }

  private final Map<UnitRole.Words, UnitRole.Words> wordsTable = new HashMap<>();

  /** One shared instance per distinct value: every append to a file names it the same way. */
  private UnitRole.Words words(String a, String b, String sync) {
    UnitRole.Words w = new UnitRole.Words(a, b, sync);
    UnitRole.Words known = wordsTable.putIfAbsent(w, w);
    return known == null ? w : known;
  }

  private void done(int u, TraceOp op) {
    rules.onUnit(this, u, op);
  }

  private void entryTouch(int u, long parent, String name) {
    addPred(u, lastEntry.getOrDefault(new EntryKey(parent, name), -1));
    lastEntry.put(new EntryKey(parent, name), u);
    addPred(u, dirCreator.getOrDefault(parent, -1));
    dirUnits.computeIfAbsent(parent, k -> new IntList()).add(u);
  }

  private void cut(TraceOp op) {
    long s = op.seq();
    if (op instanceof TraceOp.Create c) {
      newInode(c, new InodeInfo(FileType.REGULAR, c.mode() & 07777, null, 0, c.uid(), c.gid(), time(c.mtimeNanos(), op)));
      addEntry(op, c.parent(), c.name(), c.inode(), null);
    } else if (op instanceof TraceOp.Mkdir m) {
      newInode(m, new InodeInfo(FileType.DIRECTORY, m.mode() & 07777, null, 0, m.uid(), m.gid(), time(m.mtimeNanos(), op)));
      int u = addEntry(op, m.parent(), m.name(), m.inode(), null);
      dirCreator.put(m.inode(), u);
    } else if (op instanceof TraceOp.Mknod m) {
      FileType type;
      try {
        type = FileType.fromMode(m.mode());
      } catch (IllegalArgumentException e) {
        type = FileType.REGULAR;
      }
      newInode(m, new InodeInfo(type, m.mode() & 07777, null, m.rdev(), m.uid(), m.gid(), time(m.mtimeNanos(), op)));
      addEntry(op, m.parent(), m.name(), m.inode(), null);
    } else if (op instanceof TraceOp.Symlink l) {
      newInode(l, new InodeInfo(FileType.SYMLINK, 0777, l.target(), 0, l.uid(), l.gid(), time(l.mtimeNanos(), op)));
      addEntry(op, l.parent(), l.name(), l.inode(), null);
    } else if (op instanceof TraceOp.Link l) {
      String target = pathOf(l.inode());
      names.putIfAbsent(l.inode(), new Name(l.parent(), l.name()));
      addEntry(op, l.parent(), l.name(), l.inode(), target);
    } else if (op instanceof TraceOp.Unlink l) {
      removeEntry(op, l.parent(), l.name(), l.inode());
    } else if (op instanceof TraceOp.Rmdir r) {
      removeEntry(op, r.parent(), r.name(), r.inode());
    } else if (op instanceof TraceOp.Rename r) {
      cutRename(r);
    } else if (op instanceof TraceOp.Open o) {
      if (OpenFlags.has(o.flags(), OpenFlags.O_TRUNC) && size(o.inode()) > 0) {
        sizeBefore = size(o.inode());
        int u = add(op, UnitRole.OPEN_TRUNC, o.inode(), info(o.inode()), null, fileWords(o.inode()));
        sizes.put(o.inode(), 0L);
        done(u, op);
      } else if (OpenFlags.has(o.flags(), OpenFlags.O_TRUNC) && o.mtimeNanos() != TraceOp.UNKNOWN) {
        stampOnly(op, o.inode());
      }
    } else if (op instanceof TraceOp.Write w) {
      cutWrite(w);
    } else if (op instanceof TraceOp.Truncate t) {
      sizeBefore = size(t.inode());
      int u = add(op, UnitRole.TRUNCATE, t.inode(), info(t.inode()), null, fileWords(t.inode()));
      sizes.put(t.inode(), t.size());
      done(u, op);
      cutTruncateTail(t);
    } else if (op instanceof TraceOp.Fallocate f) {
      cutFallocate(f);
    } else if (op instanceof TraceOp.Chmod || op instanceof TraceOp.Chown || op instanceof TraceOp.SetTimes
        || op instanceof TraceOp.SetXattr || op instanceof TraceOp.RemoveXattr) {
      long inode = attrInode(op);
      int u = add(op, UnitRole.ATTR, inode, info(inode), null, fileWords(inode));
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
  static long time(long known, TraceOp op) {
    return known != TraceOp.UNKNOWN ? known : op.meta().timeNanos();
  }

  /** The entry {@code parent/name} naming {@code inode}; {@code target} is a link's file's path. */
  private int addEntry(TraceOp op, long parent, String name, long inode, String target) {
    int u = add(op, UnitRole.ENTRY_LINK, inode, info(inode), null,
        words(path(parent, name), target, directory(parent)));
    entryTouch(u, parent, name);
    done(u, op);
    return u;
  }

  private void removeEntry(TraceOp op, long parent, String name, long inode) {
    int u = add(op, UnitRole.ENTRY_UNLINK, inode, info(inode), null,
        words(path(parent, name), null, directory(parent)));
    entryTouch(u, parent, name);
    Name n = names.get(inode);
    if (n != null && n.parent() == parent && n.name().equals(name)) {
      names.remove(inode);
    }
    done(u, op);
  }

  private void cutRename(TraceOp.Rename r) {
    String from = path(r.srcParent(), r.srcName());
    String to = path(r.dstParent(), r.dstName());
    boolean exchange = (r.flags() & TraceOp.Rename.RENAME_EXCHANGE) != 0;
    if (r.replaced() == r.inode() || r.srcParent() == r.dstParent() && r.srcName().equals(r.dstName())) {
      return; // onto itself or another link of the same file: rename(2) changes nothing
    }
    String sync = r.srcParent() == r.dstParent() ? directory(r.dstParent())
        : directory(r.srcParent()) + " and " + directory(r.dstParent());
    UnitRole.Words w = words(from, to, sync);
    if (rules.splitRename(options) && !exchange) {
      if (r.replaced() != 0) {
        int u0 = add(r, UnitRole.RENAME_UNLINK_DST, r.replaced(), info(r.replaced()), null,
            words(from, to, directory(r.dstParent())));
        entryTouch(u0, r.dstParent(), r.dstName());
        done(u0, r);
      }
      int u1 = add(r, UnitRole.RENAME_LINK_DST, r.inode(), info(r.inode()), null, words(from, to, directory(r.dstParent())));
      entryTouch(u1, r.dstParent(), r.dstName());
      // linking the destination needs the source entry to exist: order it after the source's last change
      addPred(u1, lastEntry.getOrDefault(new EntryKey(r.srcParent(), r.srcName()), -1));
      done(u1, r);
      int u2 = add(r, UnitRole.RENAME_UNLINK_SRC, r.inode(), info(r.inode()), null, words(from, to, directory(r.srcParent())));
      entryTouch(u2, r.srcParent(), r.srcName());
      done(u2, r);
    } else {
      int u = add(r, UnitRole.RENAME, r.inode(), info(r.inode()), info(r.replaced()), w);
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
    long len = w.data().length();
    if (len == 0) {
      return;
    }
    long inode = w.inode();
    sizeBefore = size(inode);
    UnitRole.Words words = fileWords(inode);
    int d = add(w, UnitRole.WRITE_DATA, inode, info(inode), null, words);
    overlap(d, inode, w.offset(), w.end());
    done(d, w);
    if (w.end() > sizeBefore) {
      int z = add(w, UnitRole.WRITE_SIZE, inode, info(inode), null, words);
      sizes.put(inode, w.end());
      done(z, w);
    }
    rules.onWriteDone(this, w, opFirstUnit[(int) w.seq()], units.count());
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
    int z = add(t, UnitRole.TRUNCATE_TAIL, t.inode(), info(t.inode()), null, fileWords(t.inode()));
    overlap(z, t.inode(), from, to);
    done(z, t);
  }

  private void cutFallocate(TraceOp.Fallocate f) {
    long inode = f.inode();
    sizeBefore = size(inode);
    boolean keep = (f.mode() & TraceOp.Fallocate.KEEP_SIZE) != 0;
    boolean zero = (f.mode() & (TraceOp.Fallocate.PUNCH_HOLE | TraceOp.Fallocate.ZERO_RANGE)) != 0;
    long end = f.offset() + f.length();
    UnitRole.Words words = fileWords(inode);
    if (!keep && end > sizeBefore) {
      int z = add(f, UnitRole.FALLOC_SIZE, inode, info(inode), null, words);
      sizes.put(inode, end);
      done(z, f);
    }
    if (zero && f.length() > 0) {
      int d = add(f, UnitRole.FALLOC_ZERO, inode, info(inode), null, words);
      overlap(d, inode, f.offset(), end);
      done(d, f);
    } else if (!(!keep && end > sizeBefore) && f.mtimeNanos() != TraceOp.UNKNOWN) {
      stampOnly(f, inode);
    }
  }

  /**
   * A {@link UnitKind#TIME} unit: the mtime the kernel gave {@code inode} at an op that left
   * nothing else to persist. Forced at its own op and outside every rule, so it adds no state.
   */
  private void stampOnly(TraceOp op, long inode) {
    int u = add(op, UnitRole.TIME_STAMP, inode, info(inode), null, fileWords(inode));
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
    return UnitRole.q(path);
  }
}
