package dev.blackout.kernel;

import dev.blackout.core.image.FsImage;
import dev.blackout.core.model.ModelOptions;
import dev.blackout.core.model.ModelStateSpace;
import dev.blackout.core.model.PersistenceModel;
import dev.blackout.core.model.UnitGraph;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code blackout calibrate}: for each workload, the states a real kernel leaves (the guest's
 * logged run, its prefixes and reorderings, power cuts; for {@code prefix}, kills on the host)
 * against the states each model generates for the same workload recorded through the FUSE
 * recorder, both projected onto the workload's files with the acknowledgements made before the
 * crash. Soundness: every real state is a model state; precision: the share of model states some
 * real crash produced. See docs/calibration.md.
 */
public final class Calibration {

  /**
   * How to calibrate.
   *
   * @param models the models to hold against the evidence ({@code drop-unsynced}'s misses are
   *     information: it stands for LazyFS, not a kernel)
   * @param fs the guest's file system
   * @param reorderings random reorderings within flush epochs per workload log
   * @param powerCuts guest runs cut by SIGKILL to qemu at random moments
   * @param hostKills runs killed on the host for {@code prefix}
   * @param seed every random choice comes from it
   * @param settleSeconds how long the guest idles after the workloads before unmounting
   * @param maxLayer bound on partial model states per op (docs/calibration.md)
   * @param slowDisk a second logged run whose writes complete 500 ms late (dm-delay): other timing
   * @param modelOptions the models' options (e.g. {@code --dioread lock} for ext4-ordered)
   */
  public record Options(List<String> models, FsType fs, int reorderings, int powerCuts, int hostKills, long seed,
      int settleSeconds, int maxLayer, boolean slowDisk, ModelOptions modelOptions) {
    public Options {
      models = List.copyOf(models);
      Objects.requireNonNull(fs, "fs");
      Objects.requireNonNull(modelOptions, "modelOptions");
      for (String m : models) {
        if (!PersistenceModel.NAMES.contains(m)) {
          throw new IllegalArgumentException("unknown model '" + m + "'; known models: " + String.join(", ", PersistenceModel.NAMES));
        }
      }
      if (models.isEmpty()) {
        throw new IllegalArgumentException("give at least one model");
      }
      if (reorderings < 0 || powerCuts < 0 || hostKills < 0 || settleSeconds < 0 || maxLayer < 1) {
        throw new IllegalArgumentException("counts must not be negative");
      }
    }

    public static Options defaults() {
      return new Options(List.of("ext4-ordered", "posix"), FsType.EXT4, 32, 4, 40, 1, 35, 20_000, true,
          ModelOptions.defaults());
    }

    public Options withModels(List<String> m) {
      return new Options(m, fs, reorderings, powerCuts, hostKills, seed, settleSeconds, maxLayer, slowDisk, modelOptions);
    }

    public Options withFs(FsType f) {
      return new Options(models, f, reorderings, powerCuts, hostKills, seed, settleSeconds, maxLayer, slowDisk, modelOptions);
    }

    public Options withReorderings(int n) {
      return new Options(models, fs, n, powerCuts, hostKills, seed, settleSeconds, maxLayer, slowDisk, modelOptions);
    }

    public Options withPowerCuts(int n) {
      return new Options(models, fs, reorderings, n, hostKills, seed, settleSeconds, maxLayer, slowDisk, modelOptions);
    }

    public Options withSeed(long s) {
      return new Options(models, fs, reorderings, powerCuts, hostKills, s, settleSeconds, maxLayer, slowDisk, modelOptions);
    }

    public Options withSlowDisk(boolean b) {
      return new Options(models, fs, reorderings, powerCuts, hostKills, seed, settleSeconds, maxLayer, b, modelOptions);
    }

    public Options withModelOptions(ModelOptions m) {
      return new Options(models, fs, reorderings, powerCuts, hostKills, seed, settleSeconds, maxLayer, slowDisk, m);
    }

    public Options withSettleSeconds(int s) {
      return new Options(models, fs, reorderings, powerCuts, hostKills, seed, s, maxLayer, slowDisk, modelOptions);
    }
  }

  /** One workload under one model. */
  public record Cell(String workload, String model, int realStates, int modelStates, int misses, int hits,
      boolean truncated, String realVerdict, String modelVerdict, boolean informational, List<String> missLines) {

    /** The share of model states some real crash produced, in percent. */
    public double precision() {
      return modelStates == 0 ? 0 : 100.0 * hits / modelStates;
    }
  }

  /** Facts about one workload's evidence. */
  public record Evidence(String workload, int logEntries, int logFlushes, int logFua, int statesRead,
      int fromLog, int onlyFromPowerCuts, int unrecoverable, int fsckFailures) {}

  /** The whole calibration. */
  public record Report(List<Cell> cells, List<Evidence> evidence, String kernel, String mountOptions, String accel,
      double bootSeconds, double restoreSeconds, double replaySeconds, int replayStates, double seconds) {

    /** 0 when no model misses a real state it is held to, 1 otherwise. */
    public int exitStatus() {
      return cells.stream().anyMatch(c -> !c.informational() && c.misses() > 0) ? 1 : 0;
    }
  }

  private Calibration() {}

  /** Runs the calibration of {@code workloads}, printing the table to {@code out} and progress to {@code log}. */
  public static Report run(List<Workload> workloads, Options o, Path work, PrintWriter out, PrintWriter log)
      throws IOException {
    long t0 = System.nanoTime();
    boolean guestNeeded = o.models().stream().anyMatch(m -> !m.equals("prefix"));
    Files.createDirectories(work);
    List<Trace> traces = new ArrayList<>();
    for (int i = 0; i < workloads.size(); i++) {
      log.println("calibrate: recording " + workloads.get(i).name() + " through the FUSE recorder");
      log.flush();
      traces.add(HostRecording.record(workloads.get(i), Files.createDirectories(work.resolve("host-" + i))));
    }
    KernelRuns.Result kernel = null;
    Guest guest = null;
    if (guestNeeded) {
      guest = Guest.prepare(GuestKit.cacheRoot(), log);
      kernel = KernelRuns.collect(guest, workloads,
          new KernelRuns.Options(o.fs(), o.reorderings(), o.powerCuts(), o.settleSeconds(), o.seed(), true,
              o.slowDisk() ? List.of(0, 500) : List.of(0), List.of(0, 20, 100, 500)),
          work.resolve("guest"), log);
    }
    List<Cell> cells = new ArrayList<>();
    List<Evidence> evidence = new ArrayList<>();
    for (int i = 0; i < workloads.size(); i++) {
      Workload w = workloads.get(i);
      Trace trace = traces.get(i);
      List<String> marks = markers(trace);
      Tree initial = Tree.of(FsImage.of(trace.image()));
      AckVerdict checker = new AckVerdict(marks, initial);
      RealStates real = kernel == null ? null : kernel.states.get(i);
      if (real != null && !real.marks.equals(marks)) {
        log.println("calibrate: warning: " + w.name() + " acknowledged differently in the guest (" + real.marks
            + ") and on the host (" + marks + "); is it deterministic?");
      }
      if (real != null) {
        int fromLog = 0;
        int onlyCuts = 0;
        for (RealStates.Seen s : real.all()) {
          if (s.runs.first() < real.logRuns) {
            fromLog++;
          } else {
            onlyCuts++;
          }
        }
        evidence.add(new Evidence(w.name(), real.logEntries, real.logFlushes, real.logFua, real.read, fromLog, onlyCuts,
            real.unrecoverable, real.fsckFailures));
        writeRealStates(work.resolve("real-states-" + w.name() + ".txt"), real);
      }
      List<HostKills.Kill> kills = o.models().contains("prefix")
          ? HostKills.run(w, o.hostKills(), o.seed(), Files.createDirectories(work.resolve("kills-" + i))) : List.of();
      for (String model : o.models()) {
        cells.add(cell(w, trace, model, model.equals("prefix") ? killStates(kills) : real, checker, o));
      }
    }
    Report r = new Report(cells, evidence, kernel == null ? "" : kernel.kernel, kernel == null ? "" : kernel.mountOptions,
        guest == null ? "" : guest.accel.name, guest == null ? 0 : guest.bootSeconds,
        kernel == null ? 0 : kernel.restoreSeconds, kernel == null ? 0 : kernel.replaySeconds,
        kernel == null ? 0 : kernel.replayStates, (System.nanoTime() - t0) / 1e9);
    print(r, o, out);
    return r;
  }

  /** Every distinct real state of a workload, one line each, for the record (kept with --work). */
  private static void writeRealStates(Path file, RealStates real) throws IOException {
    List<String> lines = new ArrayList<>();
    for (RealStates.Seen s : real.all()) {
      lines.add(s.acks + " ack(s): " + s.result.describe() + " | first: " + s.firstOrigin + " | runs " + s.runs
          + " (" + s.count + " crash(es))");
    }
    Files.write(file, lines);
  }

  private static RealStates killStates(List<HostKills.Kill> kills) {
    RealStates rs = new RealStates();
    int run = 1;
    for (HostKills.Kill k : kills) {
      rs.add(new StateReader.Result(k.tree(), null, null), k.acks(), "kill -9 " + k.afterMicros() + " µs after the start", run++);
    }
    return rs;
  }

  static List<String> markers(Trace t) {
    List<String> out = new ArrayList<>();
    for (TraceOp op : t.ops()) {
      if (op instanceof TraceOp.Marker m && !m.failed()) {
        out.add(m.text());
      }
    }
    return out;
  }

  private record ModelState(Tree tree, int acks, long point) {}

  private static Cell cell(Workload w, Trace trace, String model, RealStates real, AckVerdict checker, Options o) {
    UnitGraph g = PersistenceModel.of(model, o.modelOptions()).build(trace);
    Map<String, ModelState> states = new LinkedHashMap<>();
    ModelStateSpace.Result res = ModelStateSpace.enumerate(g, o.maxLayer(), (k, image) -> {
      Tree t = Tree.of(image);
      int acks = g.ackCountAt(k);
      states.putIfAbsent(t.key() + "\u0001" + acks, new ModelState(t, acks, k));
    });
    String modelVerdict = "ok";
    for (ModelState s : states.values()) {
      modelVerdict = AckVerdict.worse(modelVerdict, checker.judge(s.tree(), s.acks()));
    }
    // drop-unsynced stands for LazyFS, not a kernel; ext4-ordered claims nothing about xfs or btrfs
    boolean informational = model.equals("drop-unsynced") || (model.equals("ext4-ordered") && o.fs() != FsType.EXT4);
    if (real == null) {
      return new Cell(w.name(), model, 0, states.size(), 0, 0, res.truncated(), "-", modelVerdict, informational, List.of());
    }
    int misses = 0;
    int hits = 0;
    String realVerdict = "ok";
    List<String> lines = new ArrayList<>();
    java.util.Set<String> realKeys = new java.util.HashSet<>();
    for (RealStates.Seen s : real.all()) {
      String key = s.result.key() + "\u0001" + s.acks;
      realKeys.add(key);
      realVerdict = AckVerdict.worse(realVerdict, checker.judge(s.result.tree(), s.acks));
      if (!states.containsKey(key)) {
        misses++;
        lines.add(missLine(w, model, s, states.values(), informational));
      }
    }
    for (String k : states.keySet()) {
      if (realKeys.contains(k)) {
        hits++;
      }
    }
    return new Cell(w.name(), model, real.size(), states.size(), misses, hits, res.truncated(), realVerdict, modelVerdict,
        informational, lines);
  }

  private static String missLine(Workload w, String model, RealStates.Seen s, java.util.Collection<ModelState> states,
      boolean informational) {
    ModelState nearest = null;
    long best = Long.MAX_VALUE;
    for (ModelState m : states) {
      if (s.result.tree() == null) {
        break;
      }
      long d = s.result.tree().distance(m.tree()) * 4 + Math.abs(m.acks() - s.acks);
      if (d < best) {
        best = d;
        nearest = m;
      }
    }
    StringBuilder b = new StringBuilder();
    b.append(informational ? "  (information) " : "  ").append(w.name()).append(" under ").append(model).append(": ")
        .append(s.result.describe()).append(", after ").append(s.acks).append(" acknowledgement(s); ")
        .append(s.firstOrigin).append("; seen in ").append(s.runs.size()).append(" run(s) ").append(s.runs);
    if (nearest != null) {
      b.append("\n      nearest model state: crash point ").append(nearest.point()).append(", ").append(nearest.acks())
          .append(" acknowledgement(s): ").append(nearest.tree().describe());
      List<String> diff = s.result.tree().diff(nearest.tree());
      if (!diff.isEmpty()) {
        b.append("\n      real vs model: ").append(String.join("; ", diff));
      }
    }
    return b.toString();
  }

  /** Prints the table, the misses and the summary lines. */
  static void print(Report r, Options o, PrintWriter out) {
    if (!r.kernel().isEmpty()) {
      out.println("kernel: " + r.kernel() + " (qemu -accel " + r.accel() + "), file system: " + o.fs().id()
          + (r.mountOptions().isEmpty() ? "" : ", mount options: " + r.mountOptions()));
    }
    out.println(String.format(Locale.ROOT, "%-28s %-14s %6s %7s %7s %10s  %s", "workload", "model", "real", "model",
        "misses", "precision", "verdict real/model"));
    String last = "";
    for (Cell c : r.cells()) {
      out.println(String.format(Locale.ROOT, "%-28s %-14s %6s %7s %7s %10s  %s",
          c.workload().equals(last) ? "" : c.workload(), c.model(), c.realStates(),
          c.modelStates() + (c.truncated() ? "+" : ""), c.misses() + (c.informational() && c.misses() > 0 ? "i" : ""),
          String.format(Locale.ROOT, "%.0f%%", c.precision()), c.realVerdict() + " / " + c.modelVerdict()));
      last = c.workload();
    }
    boolean any = r.cells().stream().anyMatch(c -> !c.missLines().isEmpty());
    if (any) {
      out.println();
      out.println("real states a model does not produce:");
      for (Cell c : r.cells()) {
        c.missLines().forEach(out::println);
      }
    }
    if (r.cells().stream().anyMatch(Cell::truncated)) {
      out.println("+ the model's states were enumerated up to the bound (" + o.maxLayer() + " partial states per op)");
    }
    if (r.cells().stream().anyMatch(c -> c.informational() && c.misses() > 0)) {
      out.println("i information, not a failure: drop-unsynced stands for LazyFS's clear-cache, not a kernel;"
          + " ext4-ordered claims nothing about xfs or btrfs");
    }
    if (!r.evidence().isEmpty()) {
      out.println();
      for (Evidence e : r.evidence()) {
        out.println(String.format(Locale.ROOT, "evidence %s: log of %d entries (%d flushes, %d FUA), %d states read,"
            + " %d distinct from the log, %d more only from power cuts%s", e.workload(), e.logEntries(), e.logFlushes(),
            e.logFua(), e.statesRead(), e.fromLog(), e.onlyFromPowerCuts(),
            e.unrecoverable() + e.fsckFailures() == 0 ? "" : String.format(Locale.ROOT,
                "; %d did not mount, %d failed the read-only check", e.unrecoverable(), e.fsckFailures())));
      }
      out.println(String.format(Locale.ROOT, "guest: boot %.1f s (0 = saved state reused), restore %.1f s; replay: %d"
          + " states in %.1f s (%.1f states/s); total %.1f s", r.bootSeconds(), r.restoreSeconds(), r.replayStates(),
          r.replaySeconds(), r.replaySeconds() > 0 ? r.replayStates() / r.replaySeconds() : 0, r.seconds()));
    }
    out.println();
    int realSum = 0;
    int modelSum = 0;
    int missSum = 0;
    int hitSum = 0;
    for (String model : o.models()) {
      int rs = 0;
      int ms = 0;
      int miss = 0;
      int hit = 0;
      boolean info = false;
      for (Cell c : r.cells()) {
        if (c.model().equals(model)) {
          rs += c.realStates();
          ms += c.modelStates();
          miss += c.misses();
          hit += c.hits();
          info = c.informational();
        }
      }
      out.println(String.format(Locale.ROOT, "%s: real states: %d, model states: %d, misses: %d%s, precision: %.0f%%",
          model, rs, ms, miss, info ? " (information)" : "", ms == 0 ? 0.0 : 100.0 * hit / ms));
      if (!info) {
        realSum += rs;
        modelSum += ms;
        missSum += miss;
        hitSum += hit;
      }
    }
    out.println(String.format(Locale.ROOT, "real states: %d, model states: %d, misses: %d, precision: %.0f%%",
        realSum, modelSum, missSum, modelSum == 0 ? 0.0 : 100.0 * hitSum / modelSum));
    out.flush();
  }
}
