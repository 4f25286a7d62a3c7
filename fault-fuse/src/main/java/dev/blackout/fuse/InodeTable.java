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

  void forget(long dev, long ino) {
    ids.remove(new Key(dev, ino));
  }
}
