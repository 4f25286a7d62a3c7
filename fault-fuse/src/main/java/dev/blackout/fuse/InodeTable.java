package dev.blackout.fuse;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recorder inode ids for backing files, keyed by the backing (st_dev, st_ino): hard links share an
 * id and renames keep it. The root is {@link dev.blackout.core.trace.InitialImage#ROOT_INODE}. A
 * key is forgotten when its last name goes away, so that a backing inode number the file system
 * reuses later gets a fresh id (open handles keep the id they were opened with).
 */
final class InodeTable {
  private record Key(long dev, long ino) {}

  private final ConcurrentHashMap<Key, Long> ids = new ConcurrentHashMap<>();
  private final AtomicLong next = new AtomicLong(1);

  /** The id of (dev, ino), assigning the next one if it has none. */
  long idFor(long dev, long ino) {
    return ids.computeIfAbsent(new Key(dev, ino), k -> next.getAndIncrement());
  }

  /** The id of (dev, ino), or 0 if none was assigned. */
  long existing(long dev, long ino) {
    Long id = ids.get(new Key(dev, ino));
    return id == null ? 0 : id;
  }

  /**
   * A fresh id for (dev, ino), which an op has just created: whatever id the key had belonged to an
   * inode that died (the file system reused its number), possibly before the op that killed it was
   * recorded, so the new inode must not inherit it.
   */
  long fresh(long dev, long ino) {
    long id = next.getAndIncrement();
    ids.put(new Key(dev, ino), id);
    return id;
  }

  /**
   * Forgets (dev, ino) if it still names {@code id}: an inode created meanwhile under the reused
   * number keeps its own id.
   */
  void forget(long dev, long ino, long id) {
    ids.remove(new Key(dev, ino), id);
  }
}
