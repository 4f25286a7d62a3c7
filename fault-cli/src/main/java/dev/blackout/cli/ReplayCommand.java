package dev.blackout.cli;

import dev.blackout.core.image.FsImage;
import dev.blackout.core.image.ImageException;
import dev.blackout.core.image.MaterializeException;
import dev.blackout.core.image.Materializer;
import dev.blackout.core.model.CrashState;
import dev.blackout.core.check.ReportJson;
import dev.blackout.core.check.RunReport;
import dev.blackout.core.check.ViolationReport;
import dev.blackout.core.model.StateIds;
import dev.blackout.core.model.StateImages;
import dev.blackout.core.model.UnitGraph;
import dev.blackout.core.trace.Trace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code blackout replay --trace FILE --state ID --out DIR [--model ...]}: rebuilds one crash
 * state, from the trace alone, into a new private directory (docs/exploration.md, "State ids").
 */
@Command(
    name = "replay",
    description = {
      "Rebuild one crash state of a trace into a new directory (mode 0700), from its id as"
          + " 'explore' printed it. Give the same --model and model options as the exploration."
    })
final class ReplayCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--trace", required = true, paramLabel = "FILE", description = "The trace file.")
  Path trace;

  @Option(names = "--state", required = true, paramLabel = "ID", description = "The state id, e.g. k42-o17.1.")
  String state;

  @Option(names = "--report", paramLabel = "DIR",
      description = "The report.json (or its directory) of the run that found the state: resolves a short id k<point>-h<hash>.")
  Path report;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The directory to create (must not exist).")
  Path out;

  @Mixin ExploreCommand.ModelFlags model = new ExploreCommand.ModelFlags();

  @Override
  public Integer call() throws IOException {
    if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      throw new CliException("'" + out + "' already exists", "give --out a directory that does not exist yet");
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new CliException("the parent of '" + out + "' is not a directory", "create it first or choose another --out");
    }
    Trace t = TraceFiles.read(trace);
    PrintWriter err = spec.commandLine().getErr();
    TraceFiles.warnIncomplete(err, trace, t);
    UnitGraph g = model.build(t);
    String id = resolve(state);
    CrashState s;
    try {
      s = StateIds.parse(g, id);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), "copy the id from 'blackout explore' output and give the same --model and options");
    }
    FsImage image = new StateImages(g).image(s);
    Materializer.Result written;
    try {
      written = Materializer.materializeReporting(image, out);
    } catch (IOException | ImageException e) {
      throw MaterializeException.of(state, e);
    }
    PrintWriter o = spec.commandLine().getOut();
    o.println("state " + state + " of " + trace + " under " + model.describe() + " written to " + out);
    o.println("content hash " + image.contentHash());
    List<String> skipped = written.skipped();
    if (!skipped.isEmpty()) {
      o.println("left out " + written.skippedSummary()
          + " (Blackout does not materialize them, see docs/materializing.md):");
      for (String line : skipped) {
        o.println("  " + line);
      }
    }
    o.flush();
    return 0;
  }

  /** The full id of {@code given}: itself, or for a short id the one report.json records. */
  private String resolve(String given) throws IOException {
    if (!StateIds.isShort(given)) {
      return given;
    }
    if (report == null) {
      throw new CliException("state id '" + given + "' is the short form of a longer id",
          "give --report DIR, the report directory of the exploration that printed it");
    }
    RunReport r;
    try {
      r = ReportJson.read(report);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CliException("no report.json at '" + report + "'", "give --report the directory 'explore --report' wrote");
    }
    for (ViolationReport v : r.violations()) {
      if (v.stateId().equals(given.trim()) && v.fullStateId() != null) {
        return v.fullStateId();
      }
    }
    throw new CliException("report '" + report + "' has no state '" + given + "'",
        "copy the id from that report, or give the report of the run that printed it");
  }
}
