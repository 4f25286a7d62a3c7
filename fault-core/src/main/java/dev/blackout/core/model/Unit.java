package dev.blackout.core.model;

/**
 * One persistence unit: the smallest piece of an op that becomes durable atomically.
 *
 * @param seq the op it belongs to
 * @param idx its position among that op's units (the {@code 2} of unit id {@code 17.2})
 * @param kind what it changes
 * @param explicit for SIZE and DATA: made by an explicit call (truncate, O_TRUNC, fallocate) rather
 *     than by a write; such units are metadata for a journaling file system
 * @param openTrunc a SIZE unit made by an O_TRUNC open
 * @param inode the file it changes (for ENTRY: the file the entry names)
 * @param applyRank order in which the units of one op are applied to an image
 * @param effect what applying it does
 * @param text the unit in words, with the paths the workload saw at that op
 * @param syncTarget what an fsync must name to make the unit durable, in words: the file
 *     ({@code 'db/LOG'}) or, for a directory entry, its directory ({@code the directory 'db'})
 */
record Unit(
    long seq,
    int idx,
    UnitKind kind,
    boolean explicit,
    boolean openTrunc,
    long inode,
    int applyRank,
    Effect effect,
    String text,
    String syncTarget) {

  String id() {
    return seq + "." + idx;
  }

  int blockCount() {
    return effect instanceof Effect.WriteData w ? w.blockCount() : 1;
  }
}
