/**
 * The {@code blackout} command line (design.md section 7). {@link dev.blackout.cli.Main} wires one
 * picocli command class per subcommand; {@link dev.blackout.cli.CliException} is how a command
 * reports a failure the user can act on. Everything else here is package-private machinery.
 *
 * <p>Conventions every command follows: output goes to {@code spec.commandLine().getOut()}; a
 * failure is thrown (never printed) and becomes one stderr line {@code blackout: <what was
 * wrong>; <what to do>} with exit status 2; commands taking {@code --trace} open it through
 * {@code TraceFiles} so that missing, damaged and truncated traces are reported alike.
 */
package dev.blackout.cli;
