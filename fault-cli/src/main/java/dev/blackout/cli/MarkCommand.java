package dev.blackout.cli;

import dev.blackout.fuse.MarkClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code blackout mark TEXT...}: inside a command run by {@code blackout record}, appends a marker
 * to the trace, ordered after every operation that completed before it, and returns once it is
 * recorded.
 */
@Command(
    name = "mark",
    mixinStandardHelpOptions = true,
    description = {
      "Inside 'blackout record -- COMMAND': append a marker (the words of TEXT joined by spaces)"
          + " to the trace, after every operation that completed before it.",
      "Returns once the marker is in the trace. Talks to the recorder over the Unix socket named"
          + " by BLACKOUT_CONTROL."
    })
final class MarkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "TEXT", description = "The marker text.")
  List<String> words;

  /** Environment lookup (tests substitute it). */
  UnaryOperator<String> env = System::getenv;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    String socket = env.apply(MarkClient.CONTROL_ENV);
    if (socket == null || socket.isEmpty()) {
      err.println(
          "blackout: "
              + MarkClient.CONTROL_ENV
              + " is not set, so there is no recording"
              + " to mark; run 'blackout mark' inside 'blackout record -- COMMAND'");
      return 2;
    }
    String text = String.join(" ", words);
    if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      err.println("blackout: marker text contains a line break; give it on one line");
      return 2;
    }
    long pid =
        ProcessHandle.current()
            .parent()
            .map(ProcessHandle::pid)
            .orElse(ProcessHandle.current().pid());
    try {
      MarkClient.mark(Path.of(socket), pid, text);
      return 0;
    } catch (IOException e) {
      err.println(
          "blackout: cannot add the marker through "
              + socket
              + ": "
              + e.getMessage()
              + "; check that the enclosing 'blackout record' is still running");
      return 2;
    }
  }
}
