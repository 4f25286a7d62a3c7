package dev.blackout.cli;

import java.util.Objects;

/**
 * A failure the user can act on: what was wrong and what to do about it. The command line prints
 * it as one line, {@code blackout: <what>; <todo>}, and exits with status 2.
 */
public class CliException extends RuntimeException {
  private final String todo;

  public CliException(String what, String todo) {
    this(what, todo, null);
  }

  public CliException(String what, String todo, Throwable cause) {
    super(Objects.requireNonNull(what, "what"), cause);
    this.todo = Objects.requireNonNull(todo, "todo");
  }

  /** What was wrong. */
  public String what() {
    return getMessage();
  }

  /** What the user can do about it. */
  public String todo() {
    return todo;
  }
}
