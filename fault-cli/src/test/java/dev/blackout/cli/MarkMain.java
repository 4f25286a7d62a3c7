package dev.blackout.cli;

import picocli.CommandLine;

/** {@code blackout mark} as its own program, for recorded test commands. */
public final class MarkMain {
  private MarkMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new MarkCommand()).execute(args));
  }
}
