package dev.blackout.core.model;

/** What a persistence unit changes. */
enum UnitKind {
  /** Bytes of a file (a write, or a range fallocate zeroes). Only these can be torn. */
  DATA,
  /** A file's size (an appending write's growth, a truncate, an O_TRUNC open, fallocate). */
  SIZE,
  /** One directory-entry change (add, remove, rename or one part of a split rename). */
  ENTRY,
  /** An attribute: mode, owner, times, an extended attribute. */
  ATTR,
  /**
   * The mtime an op gave a file without changing its content or size (an O_TRUNC open of an empty
   * file, a fallocate that allocates only): durable with its op, ordered after nothing, seen by no
   * model rule. Times are not part of a state's content, so it never makes a state of its own.
   */
  TIME
}
