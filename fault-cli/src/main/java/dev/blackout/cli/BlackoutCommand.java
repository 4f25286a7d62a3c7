package dev.blackout.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top command {@code blackout}: holds the global options and dispatches to subcommands. */
@Command(
    name = "blackout",
    scope = ScopeType.INHERIT, // -h/--help, -V/--version and the footer reach every subcommand
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Crash-consistency testing: record what a program does to its files, rebuild the states the"
          + " disk could hold after a crash, and check that the program recovers from each."
    },
    footer = {
      "",
      "Every failure prints one line on stderr and exits with status 2 (--debug adds the stack"
          + " trace).",
      "The ./blackout launcher also runs the full test suite: ./blackout test"
    })
final class BlackoutCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Add stack traces to error messages.")
  boolean debug;

  @Override
  public Integer call() {
    throw new CliException(
        "no command given", "run 'blackout --help' to list the commands, e.g. 'blackout demo'");
  }
}
