package dev.blackout.core.model;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.TraceOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ext4-ordered}: ext4 with {@code data=ordered}, delayed allocation and {@code
 * auto_da_alloc}.
 *
 * <ul>
 *   <li>Metadata units (directory entries, explicit truncates and fallocate, attributes) form one
 *       chain: the journal; any prefix of it may be durable.
 *   <li>Data units are unordered among themselves (except same-byte overwrites, shared).
 *   <li>The size growth of an appending write is journaled when its data is written back: it needs
 *       every metadata unit issued before the write, and is not in the chain. With {@code
 *       dioread_nolock} (Linux 5.6+ default) writeback allocates unwritten extents and journals the
 *       size before the data IO completes, so the size may persist without the data (zeros); with
 *       {@code dioread_lock} it also needs that write's data.
 *   <li>auto_da_alloc: a rename over an existing regular file needs the source's pending size
 *       (and with {@code dioread_lock} its data) first; after a truncate to zero, the file's size
 *       (and data) written until its last close is needed by the next metadata unit.
 *   <li>fsync, fdatasync and fsyncdir commit the journal: the last metadata unit issued before the
 *       barrier began is forced (and with it the whole chain), plus the synced file's data.
 * </ul>
 */
final class Ext4OrderedRules extends Rules {

  private final List<Integer> journal = new ArrayList<>();
  private final List<Integer> beforeNextMeta = new ArrayList<>();
  private final Set<Long> truncatedToZero = new HashSet<>();
  private final Map<Long, List<Integer>> writtenSinceTruncate = new HashMap<>();

  /** dioread_lock (before Linux 5.6): data is written before the metadata that exposes it. */
  private final boolean dataBeforeSize;

  Ext4OrderedRules(ModelOptions options) {
    super(options);
    this.dataBeforeSize = options.dioread() == ModelOptions.DioRead.LOCK;
  }

  /** What auto_da_alloc makes the next journal unit wait for: the allocation (size), and data. */
  private boolean allocatedWith(Unit u) {
    return u.kind() == UnitKind.SIZE || dataBeforeSize;
  }

  @Override
  int defaultTornBytes() {
    return 4096;
  }

  static boolean isMeta(Unit u) {
    return u.kind() == UnitKind.ENTRY || u.kind() == UnitKind.ATTR || u.explicit();
  }

  @Override
  void onUnit(GraphBuilder b, int unit, TraceOp op) {
    Unit u = b.unit(unit);
    if (isMeta(u)) {
      if (!journal.isEmpty()) {
        b.addPred(unit, journal.get(journal.size() - 1));
      }
      for (int p : beforeNextMeta) {
        b.addPred(unit, p);
      }
      beforeNextMeta.clear();
      if (op instanceof TraceOp.Rename r
          && r.replaced() != 0
          && r.replaced() != r.inode()
          && (r.flags() & TraceOp.Rename.RENAME_EXCHANGE) == 0
          && b.info(r.inode()).type() == FileType.REGULAR
          && b.info(r.replaced()).type() == FileType.REGULAR) {
        for (int p : b.pendingContent(r.inode())) {
          if (allocatedWith(b.unit(p))) {
            b.addPred(unit, p);
          }
        }
      }
      journal.add(unit);
      if (u.kind() == UnitKind.SIZE && b.sizeBefore > 0 && ((Effect.SetSize) u.effect()).size() == 0) {
        truncatedToZero.add(u.inode());
        writtenSinceTruncate.put(u.inode(), new ArrayList<>());
      }
    } else {
      if (u.kind() == UnitKind.SIZE) {
        // delayed allocation: the new size is journaled at writeback, after what came before;
        // under dioread_lock the data is written before that commit (never zeros)
        int data = unit - 1;
        if (dataBeforeSize
            && data >= 0
            && b.unit(data).seq() == u.seq()
            && b.unit(data).kind() == UnitKind.DATA) {
          b.addPred(unit, data);
        }
        int last = lastJournalBefore(b, u.seq());
        if (last >= 0) {
          b.addPred(unit, last);
        }
      }
      if (truncatedToZero.contains(u.inode()) && allocatedWith(u)) {
        writtenSinceTruncate.get(u.inode()).add(unit);
      }
    }
  }

  private int lastJournalBefore(GraphBuilder b, long seq) {
    for (int i = journal.size() - 1; i >= 0; i--) {
      int m = journal.get(i);
      if (b.unit(m).seq() < seq) {
        return m;
      }
    }
    return -1;
  }

  @Override
  void onRelease(GraphBuilder b, long inode, long seq) {
    if (truncatedToZero.remove(inode)) {
      beforeNextMeta.addAll(writtenSinceTruncate.remove(inode));
    }
  }

  @Override
  void onBarrier(GraphBuilder b, Barrier barrier, long inode, long startSeq, long seq) {
    int lo = 0;
    int hi = journal.size() - 1;
    int last = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (b.unit(journal.get(mid)).seq() <= startSeq) {
        last = journal.get(mid);
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (last >= 0) {
      b.force(last, seq);
    }
    if (barrier != Barrier.FSYNCDIR) {
      b.forceFile(inode, startSeq, seq, UnitKind.DATA, UnitKind.SIZE);
    }
  }
}
