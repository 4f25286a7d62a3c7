package dev.blackout.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.blackout.core.image.FsImage;
import dev.blackout.core.image.Materializer;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import dev.blackout.core.trace.TraceWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code blackout demo}, for now a small end-to-end run over the parts that exist: it writes the
 * trace of an atomic replace ({@link DemoWorkload}) with {@link TraceWriter}, reads it back,
 * prints it as {@code show} would, replays every prefix of it (the states a process crash can
 * leave) on the in-memory image and checks each holds the old or the new content, and materializes
 * the final tree on disk. It says that it is a placeholder: the real demo records a live program
 * and explores its crash states, once the recorder and the explorer exist.
 */
@Command(
    name = "demo",
    description = {
      "Run a small end-to-end example (a placeholder until the recorder and explorer land):"
          + " write a trace of an atomic file replace, read it back, replay every crash point of"
          + " a process crash, and materialize the final tree."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--keep", description = "Keep the trace and the materialized tree on disk.")
  boolean keep;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path work = Files.createTempDirectory("blackout-demo-");
    try {
      run(out, work);
    } finally {
      if (keep) {
        out.println("kept: " + work);
      } else {
        TempTrees.deleteRecursively(work);
      }
      out.flush();
    }
    return 0;
  }

  private void run(PrintWriter out, Path work) throws IOException {
    Path traceFile = work.resolve("demo.trace");
    out.println(
        "== 1. the workload: replace 'db' atomically (write db.tmp, fsync, rename, fsync dir)");
    try (TraceWriter writer = TraceWriter.create(traceFile)) {
      writer.writeImage(DemoWorkload.image());
      for (TraceOp op : DemoWorkload.ops()) {
        writer.append(op);
      }
    }
    out.println("wrote " + traceFile + " (" + Files.size(traceFile) + " bytes)");

    out.println();
    out.println("== 2. the trace read back (what 'blackout show --trace FILE' prints)");
    Trace trace = TraceFiles.read(traceFile);
    TraceLines.image(trace.image(), out::println);
    trace.ops().forEach(op -> out.println(TraceLines.op(op)));
    if (!trace.ops().equals(DemoWorkload.ops())) {
      throw new IllegalStateException("the trace read back differs from the trace written");
    }

    out.println();
    out.println("== 3. a process crash (kill -9) after each op: what 'db' holds");
    int torn = replayPrefixes(out, trace.image(), trace.ops());
    out.println(
        torn == 0
            ? "every crash point leaves 'db' holding exactly the old or the new content: the"
                + " replace is atomic against a process crash"
            : torn + " crash points leave 'db' holding neither the old nor the new content");

    out.println();
    out.println("== 4. the final tree, materialized on disk");
    FsImage last = FsImage.of(trace.image());
    trace.ops().forEach(last::apply);
    Path tree = Materializer.materialize(last, work.resolve("final"));
    try (var files = Files.list(tree)) {
      for (Path p : files.sorted().toList()) {
        byte[] content = Files.readAllBytes(p);
        out.println(
            tree.relativize(p) + " (" + content.length + " B): "
                + TraceLines.quote(new String(content, UTF_8)));
      }
    }
    byte[] db = Files.readAllBytes(tree.resolve("db"));
    if (!Arrays.equals(db, DemoWorkload.NEW)) {
      throw new IllegalStateException("the materialized 'db' does not hold the new content");
    }

    out.println();
    out.println(
        "this demo is a placeholder until the recorder and explorer land: it used the trace file,"
            + " the in-memory image and the materializer; 'blackout record' and 'blackout explore'"
            + " will do the same for a live program under every persistence model");
  }

  /** Prints db's content at each crash point; returns how many held neither old nor new. */
  private static int replayPrefixes(PrintWriter out, InitialImage image, List<TraceOp> ops) {
    FsImage state = FsImage.of(image);
    int bad = describe(out, 0, state);
    for (TraceOp op : ops) {
      state.apply(op);
      bad += describe(out, op.seq(), state);
    }
    return bad;
  }

  private static int describe(PrintWriter out, long seq, FsImage state) {
    OptionalLong db = state.lookup(DemoWorkload.ROOT, "db");
    byte[] content = db.isPresent() ? state.read(db.getAsLong()) : null;
    String verdict;
    if (content == null) {
      verdict = "missing";
    } else if (Arrays.equals(content, DemoWorkload.OLD)) {
      verdict = "old";
    } else if (Arrays.equals(content, DemoWorkload.NEW)) {
      verdict = "new";
    } else {
      verdict = "TORN";
    }
    String shown = content == null ? "-" : TraceLines.quote(new String(content, UTF_8));
    out.println(
        "  crash after #" + seq + ": db = " + shown + " (" + verdict + "), entries "
            + state.list(DemoWorkload.ROOT).keySet());
    return verdict.equals("old") || verdict.equals("new") ? 0 : 1;
  }
}
