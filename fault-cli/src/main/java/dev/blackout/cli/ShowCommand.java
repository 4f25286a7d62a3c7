package dev.blackout.cli;

import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code blackout show --trace FILE [--json]}: prints a trace, one line per record (the initial
 * image's entries, then the ops). A truncated trace is printed up to its last whole record, then
 * reported as an error.
 */
@Command(
    name = "show",
    description = {
      "Print a trace, one line per record: the initial image's entries, then the operations.",
      "A trace whose last record is torn is printed up to its last whole record and the command"
          + " then fails (exit 2)."
    })
final class ShowCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--trace", required = true, paramLabel = "FILE", description = "The trace file.")
  Path trace;

  @Option(
      names = "--json",
      description =
          "JSON Lines: one object per record with a 'kind' and every field; payloads as length"
              + " and CRC-32C.")
  boolean json;

  @Override
  public Integer call() {
    Trace t = TraceFiles.read(trace);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      TraceJson form = new TraceJson();
      for (InitialImage.Entry e : t.image().entries()) {
        out.println(form.entry(e));
      }
      for (TraceOp op : t.ops()) {
        out.println(form.op(op));
      }
    } else {
      TraceLines.image(t.image(), out::println);
      for (TraceOp op : t.ops()) {
        out.println(TraceLines.op(op));
      }
    }
    out.flush();
    if (t.tornTail().isPresent()) {
      throw TraceFiles.tornTailError(trace, t);
    }
    TraceFiles.warnIncomplete(spec.commandLine().getErr(), trace, t);
    return 0;
  }
}
