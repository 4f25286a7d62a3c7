package dev.blackout.core.model;

/**
 * One persistence unit: the smallest piece of an op that becomes durable atomically. A view of
 * unit number {@code index} of a {@link Units} store: what it changes is kept there compactly,
 * its effect and its words are made again from its op when asked for.
 */
final class Unit {
  private final Units store;
  private final int index;

  Unit(Units store, int index) {
    this.store = store;
    this.index = index;
  }

  /** The op it belongs to. */
  long seq() {
    return store.seq(index);
  }

  /** Its position among that op's units (the {@code 2} of unit id {@code 17.2}). */
  int idx() {
    return index - store.firstUnitOf(seq());
  }

  /** What it changes. */
  UnitKind kind() {
    return store.role(index).kind;
  }

  /**
   * For SIZE and DATA: made by an explicit call (truncate, O_TRUNC, fallocate) rather than by a
   * write; such units are metadata for a journaling file system.
   */
  boolean explicit() {
    return store.role(index).explicit;
  }

  /** A SIZE unit made by an O_TRUNC open. */
  boolean openTrunc() {
    return store.role(index).openTrunc;
  }

  /** The file it changes (for ENTRY: the file the entry names). */
  long inode() {
    return store.inode(index);
  }

  /** Order in which the units of one op are applied to an image. */
  int applyRank() {
    return store.role(index).applyRank;
  }

  /** What applying it does (made again from its op). */
  Effect effect() {
    return store.effect(index);
  }

  /** The unit in words, with the paths the workload saw at that op. */
  String text() {
    return store.text(index);
  }

  /**
   * What an fsync must name to make the unit durable, in words: the file ({@code 'db/LOG'}) or,
   * for a directory entry, its directory ({@code the directory 'db'}).
   */
  String syncTarget() {
    return store.words(index).syncTarget();
  }

  String id() {
    return seq() + "." + idx();
  }

  int blockCount() {
    return store.role(index) == UnitRole.WRITE_DATA ? ((Effect.WriteData) effect()).blockCount() : 1;
  }
}
