package dev.blackout.scenarios;

import dev.blackout.core.explore.Explorer;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceReader;
import dev.blackout.fuse.FuseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs scenarios end to end: records each workload once through the FUSE recorder, then explores
 * the trace under each model and compares with the expected verdict (design.md section 8).
 */
public final class SuiteRunner {
  private final SuiteOptions options;
  private final SuiteListener listener;

  public SuiteRunner(SuiteOptions options, SuiteListener listener) {
    this.options = options;
    this.listener = listener;
  }

  /**
   * Runs {@code scenarios}. A scenario whose recording fails gets an {@link Outcome#ERROR} in
   * every cell (with the reason); the run goes on.
   *
   * @throws IOException when the work directory cannot be created, or FUSE cannot mount ({@link
   *     FuseException})
   */
  public SuiteResult run(List<Scenario> scenarios) throws IOException {
    long start = System.nanoTime();
    Files.createDirectories(options.work());
    List<SuiteResult.Recorded> recordings = new ArrayList<>();
    List<Cell> cells = new ArrayList<>();
    for (int i = 0; i < scenarios.size(); i++) {
      Scenario s = scenarios.get(i);
      listener.recording(s, i + 1, scenarios.size());
      Path work = options.work().resolve(s.name());
      long t0 = System.nanoTime();
      Trace trace = null;
      Path traceFile = null;
      String error = "";
      try {
        traceFile = Recording.record(s, work, options.workloadTimeout());
        trace = TraceReader.read(traceFile);
      } catch (FuseException e) {
        throw e; // no FUSE, no suite: an environment error, not a verdict
      } catch (IOException | RuntimeException e) {
        error = "recording failed: " + oneLine(e);
      }
      long recordMillis = (System.nanoTime() - t0) / 1_000_000;
      recordings.add(new SuiteResult.Recorded(s.name(), s.title(), s.roles(),
          traceFile == null ? "" : traceFile.toString(), trace == null ? 0 : trace.ops().size(),
          recordMillis, error));
      for (String model : options.models()) {
        Cell cell;
        if (trace == null) {
          cell = Cell.failed(s, model, error, 0);
        } else {
          listener.exploring(s, model);
          long c0 = System.nanoTime();
          try {
            cell = CellExplorer.explore(s, trace, traceFile, model, options,
                work.resolve("states").resolve(model), progress());
          } catch (IOException | RuntimeException e) {
            cell = Cell.failed(s, model, "exploration failed: " + oneLine(e),
                (System.nanoTime() - c0) / 1_000_000);
          }
        }
        cells.add(cell);
        listener.cellDone(cell);
      }
    }
    return new SuiteResult(recordings, cells, options, (System.nanoTime() - start) / 1_000_000);
  }

  private Explorer.Listener progress() {
    return new Explorer.Listener() {
      @Override
      public void progress(dev.blackout.core.check.Progress p) {
        listener.checked(p.done(), p.total(), p.violations() + p.errors() + p.timeouts());
      }
    };
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replace('\n', ' ').replace('\r', ' ');
  }
}
