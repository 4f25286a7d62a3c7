package dev.blackout.cli;

import dev.blackout.core.image.ImageException;
import dev.blackout.core.image.MaterializeException;
import dev.blackout.core.trace.TraceFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one line on stderr, {@code blackout: <what was wrong>; <what to do>},
 * and exit status {@link Main#EXIT_FAILURE}. Stack traces are added only with {@code --debug}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    String help = "see 'blackout " + helpPath(cmd) + "--help'";
    String what = lowerFirst(ex.getMessage());
    if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
      what = unmatched(cmd, unmatched.getUnmatched().get(0));
      List<String> suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        help = "did you mean '" + suggestions.get(0) + "'? " + help;
      }
    }
    report(
        cmd,
        new CliException(what, help, ex),
        debugRequested(cmd.getParseResult(), args));
    return Main.EXIT_FAILURE;
  }

  private static String unmatched(CommandLine cmd, String arg) {
    if (arg.startsWith("-")) {
      return "unknown option '" + arg + "'";
    }
    if (!cmd.getSubcommands().isEmpty()) {
      return "unknown command '" + arg + "'";
    }
    return "unexpected argument '" + arg + "'";
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    report(cmd, translate(ex), debugRequested(parseResult, new String[0]));
    return Main.EXIT_FAILURE;
  }

  /** The one-line message for {@code ex}, as it is printed (without the trailing newline). */
  static String line(CliException ex) {
    return "blackout: " + oneLine(ex.what()) + "; " + oneLine(ex.todo());
  }

  private static void report(CommandLine cmd, CliException ex, boolean debug) {
    cmd.getOut().flush(); // whatever the command printed comes before the error
    PrintWriter err = cmd.getErr();
    err.println(line(ex));
    if (debug) {
      Throwable cause = ex.getCause() == null ? ex : ex.getCause();
      cause.printStackTrace(err);
    }
    err.flush();
  }

  /** Maps any exception a command lets escape to a message the user can act on. */
  static CliException translate(Throwable ex) {
    if (ex instanceof CliException cli) {
      return cli;
    }
    if (ex instanceof UncheckedIOException unchecked) {
      return translate(unchecked.getCause());
    }
    if (ex instanceof TraceFormatException tfe) {
      return new CliException(
          "damaged trace at offset " + tfe.offset() + ": " + tfe.getMessage(),
          "record the trace again",
          ex);
    }
    if (ex instanceof MaterializeException me) {
      return new CliException(
          me.getMessage(),
          "docs/materializing.md says what can be written; free disk space if it is full",
          ex);
    }
    if (ex instanceof NoSuchFileException nsf) {
      return new CliException(
          "no such file or directory: " + nsf.getFile(), "check the path", ex);
    }
    if (ex instanceof AccessDeniedException ade) {
      return new CliException(
          "permission denied: " + ade.getFile(), "check the file's permissions", ex);
    }
    if (ex instanceof FileSystemException fse) {
      return new CliException(
          "file system error: " + fse.getMessage(), "check the path and the disk", ex);
    }
    if (ex instanceof IOException io) {
      return new CliException(
          "I/O error: " + io.getMessage(), "check the files involved and the disk", ex);
    }
    if (ex instanceof ImageException ie) {
      return new CliException(
          "the trace cannot be replayed: " + ie.getMessage(),
          "the trace is damaged, or holds what 'blackout record' refuses to write (docs/materializing.md); record it again",
          ex);
    }
    if (ex instanceof OutOfMemoryError) {
      long max = Runtime.getRuntime().maxMemory() >> 20;
      return new CliException(
          "out of memory (" + ex.getMessage() + ", Java heap limit " + max + " MB)",
          "give Java more heap (e.g. JAVA_TOOL_OPTIONS=-Xmx" + Math.max(1, 2 * max / 1024) + "g) or lower --budget",
          ex);
    }
    return new CliException(
        "internal error: " + ex,
        "rerun with --debug and report the stack trace as a Blackout bug",
        ex);
  }

  /** Whether --debug appears in the parse result or, for unparsable input, before "--". */
  private static boolean debugRequested(ParseResult parseResult, String[] args) {
    for (ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
      if (pr.hasMatchedOption("--debug")) {
        return true;
      }
    }
    for (String arg : args) {
      if (arg.equals("--")) {
        break;
      }
      if (arg.equals("--debug")) {
        return true;
      }
    }
    return false;
  }

  private static String helpPath(CommandLine cmd) {
    StringBuilder path = new StringBuilder();
    for (CommandLine c = cmd; c != null && c.getParent() != null; c = c.getParent()) {
      path.insert(0, c.getCommandName() + " ");
    }
    return path.toString();
  }

  private static String oneLine(String s) {
    String text = s == null ? "" : s.strip();
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  private static String lowerFirst(String s) {
    if (s == null || s.isEmpty()) {
      return "invalid arguments";
    }
    if (s.length() > 1 && Character.isUpperCase(s.charAt(1))) {
      return s; // an acronym
    }
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
