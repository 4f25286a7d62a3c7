package dev.blackout.core.image;

import java.io.IOException;

/**
 * A crash state that could not be written to disk (a name Java cannot create, a full disk...): the
 * state's own failure, never the checker's. The message is one line naming the state.
 */
public final class MaterializeException extends IOException {
  private static final long serialVersionUID = 1L;

  public MaterializeException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Wraps why state {@code stateId} could not be written. */
  public static MaterializeException of(String stateId, Exception cause) {
    if (cause instanceof MaterializeException m) {
      return m;
    }
    String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    return new MaterializeException("cannot write crash state " + stateId + ": " + why, cause);
  }
}
