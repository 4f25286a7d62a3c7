package dev.blackout.core.crashtest.property;

import java.io.IOException;

/**
 * An action of a drawn sequence threw while the sequence was recorded (before any crash): a bug of
 * the store in normal operation, or an action that needs an earlier one a shrunk candidate lacks.
 */
final class ActionException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The action's position in its sequence (from 1; 0 = opening the store, -1 = closing it). */
  final int index;

  ActionException(int index, String what, Throwable cause) {
    super(what + " threw " + cause, cause);
    this.index = index;
  }

  /** The first ActionException in {@code e}'s causes, or null. */
  static ActionException in(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ActionException a) {
        return a;
      }
    }
    return null;
  }
}
