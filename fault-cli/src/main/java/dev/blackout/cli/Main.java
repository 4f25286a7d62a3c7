package dev.blackout.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Entry point of the {@code blackout} command: wires the top command, its subcommands and the
 * error handling into one {@link CommandLine} (design.md section 7).
 */
public final class Main {

  /** Exit status for every failure: usage errors, missing or damaged input, environment. */
  public static final int EXIT_FAILURE = 2;

  private Main() {}

  /**
   * Runs the command line and exits with its status. Output is UTF-8 (JSON Lines require it) and
   * buffered; commands flush before reporting an error so that stdout keeps its order.
   */
  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(
            new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)), false);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) -> {
          // a thread other than the command's died: one line, and the failure status, never 1
          err.println(ErrorReporter.line(ErrorReporter.translate(e)));
          err.flush();
          Runtime.getRuntime().halt(EXIT_FAILURE);
        });
    System.exit(run(out, err, args));
  }

  /** Runs the command line with {@code args}, writing to {@code out} and {@code err}. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = newCommandLine(args);
    cli.setOut(out);
    cli.setErr(err);
    try {
      return cli.execute(args);
    } catch (VirtualMachineError e) {
      // out of memory (or stack) escapes picocli's handlers: still one line and status 2, never 1
      try {
        out.flush();
      } catch (VirtualMachineError ignored) {
        // the message below matters more
      }
      err.println(ErrorReporter.line(ErrorReporter.translate(e)));
      return EXIT_FAILURE;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * The subcommands by name, in the order {@code blackout --help} lists them. To add a command:
   * write a class annotated with {@code @Command(name = ...)} in this package and add it here.
   */
  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("record", RecordCommand::new);
    m.put("mark", MarkCommand::new);
    m.put("show", ShowCommand::new);
    m.put("models", ModelsCommand::new);
    m.put("explore", ExploreCommand::new);
    m.put("replay", ReplayCommand::new);
    m.put("demo", DemoCommand::new);
    m.put("scenarios", ScenariosCommand::new);
    m.put("calibrate", CalibrateCommand::new);
    m.put("merge-reports", MergeReportsCommand::new);
    return m;
  }

  /** The whole command tree with Blackout's error reporting installed. */
  public static CommandLine newCommandLine() {
    return newCommandLine(new String[0]);
  }

  /**
   * The command tree for {@code args}: when they name a subcommand, only that one is built (picocli
   * reflects over every command it is given, which was a third of {@code blackout record}'s
   * start-up); otherwise (help, a typo to suggest a fix for) all of them.
   */
  static CommandLine newCommandLine(String[] args) {
    CommandLine cli = new CommandLine(new BlackoutCommand());
    Map<String, Supplier<Object>> all = subcommands();
    String named = commandName(args);
    if (named != null && all.containsKey(named)) {
      cli.addSubcommand(named, all.get(named).get());
    } else {
      all.values().forEach(s -> cli.addSubcommand(s.get()));
    }
    ErrorReporter reporter = new ErrorReporter();
    cli.setParameterExceptionHandler(reporter);
    cli.setExecutionExceptionHandler(reporter);
    return cli;
  }

  /** The first argument that is not an option (before {@code --}), or null. */
  private static String commandName(String[] args) {
    for (String a : args) {
      if (a.equals("--")) {
        return null;
      }
      if (!a.startsWith("-")) {
        return a;
      }
    }
    return null;
  }
}
