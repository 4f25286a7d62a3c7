package dev.blackout.cli;

/** Entry point of the {@code blackout} command (placeholder until the CLI lands). */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.err.println("blackout: the command line is not built yet");
    System.exit(2);
  }
}
