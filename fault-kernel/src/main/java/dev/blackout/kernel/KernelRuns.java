package dev.blackout.kernel;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The real side of a calibration: one logged run of a batch of workloads in the guest, every
 * prefix and some reorderings of each workload's log, and power cuts (SIGKILL to qemu) at seeded
 * random moments in further runs; every state recovered and read by {@link StateReader}.
 */
final class KernelRuns {
  /** How much real evidence to collect. */
  record Options(FsType fs, int reorderings, int powerCuts, int settleSeconds, long seed, boolean fsck,
      List<Integer> loggedDelays, List<Integer> cutDelays) {}

  /** What the real side found, per workload, with the run's facts. */
  static final class Result {
    final List<RealStates> states = new ArrayList<>();
    String kernel = "";
    String mountOptions = "";
    double restoreSeconds;
    long workloadMillis;
    /** Time spent rebuilding and reading logged states, and how many were read. */
    double replaySeconds;
    int replayStates;
    int statesRead;
    double powerCutSeconds;
    /** Time in the guest's logged runs (restore, workloads, settle, unmount). */
    double loggedSeconds;
  }

  private KernelRuns() {}

  static Result collect(Guest guest, List<Workload> workloads, Options o, Path work, PrintWriter log) throws IOException {
    StateReader.requireHost(o.fs());
    Files.createDirectories(work);
    Result res = new Result();
    res.kernel = guest.kernel();
    List<GuestRun.Slot> slots = GuestRun.prepare(work, workloads, o.fs());
    for (int i = 0; i < workloads.size(); i++) {
      res.states.add(new RealStates());
    }
    StateReader reader = new StateReader(o.fs(), work.resolve("mnt"), o.fsck());
    long start = System.nanoTime();
    long span = 0;
    for (int run = 0; run < o.loggedDelays().size(); run++) {
      int delay = o.loggedDelays().get(run);
      log.println("calibrate: logged run " + (run + 1) + " of " + o.loggedDelays().size() + ": " + workloads.size()
          + " workload(s) in the guest on " + o.fs().id() + (delay > 0 ? ", writes completing " + delay + " ms late" : "")
          + ", then " + o.settleSeconds() + " s idle");
      log.flush();
      Path runDir = work.resolve("run" + run);
      GuestRun.Outcome logged = GuestRun.run(guest, slots, o.fs(), runDir, o.settleSeconds(), -1, delay, log);
      if (run == 0) {
        res.restoreSeconds = logged.restoreSeconds;
        res.workloadMillis = logged.workloadMillis;
        res.mountOptions = mountOptions(runDir.resolve("vm").resolve("console.log"));
      }
      span = Math.max(span, logged.workloadMillis + o.settleSeconds() * 1000L);
      for (GuestRun.Slot s : slots) {
        GuestRun.SlotResult sr = logged.slots.get(s.index);
        if (sr.exit == null || sr.exit != 0) {
          log.println("calibrate: warning: workload " + s.workload.name() + " exited with status " + sr.exit + " in the guest");
        }
        long t0 = System.nanoTime();
        replayLog(res.states.get(s.index), logged, s, o, run, work, reader, res);
        res.replaySeconds += (System.nanoTime() - t0) / 1e9;
      }
      GuestKit.deleteTree(runDir);
    }

    long t1 = System.nanoTime();
    res.loggedSeconds = (t1 - start) / 1e9 - res.replaySeconds;
    Random rnd = new Random(o.seed() * 31 + 7);
    int first = o.loggedDelays().size();
    for (int i = 0; i < o.powerCuts(); i++) {
      int run = first + i;
      long cut = (long) (rnd.nextDouble() * Math.max(1000, span));
      int delay = o.cutDelays().get(rnd.nextInt(o.cutDelays().size()));
      log.println("calibrate: power cut " + (i + 1) + " of " + o.powerCuts() + ": killing qemu " + cut
          + " ms after the workloads start" + (delay > 0 ? " (writes completing " + delay + " ms late)" : ""));
      log.flush();
      Path dir = work.resolve("run" + run);
      GuestRun.Outcome killed = GuestRun.run(guest, slots, o.fs(), dir, o.settleSeconds(), cut, delay, log);
      for (GuestRun.Slot s : slots) {
        Path img = dir.resolve("state-" + s.index + ".img");
        long off = s.index * Guest.DATA_SEGMENT;
        SparseFile.copy(killed.disks.data(), off, Guest.DATA_SEGMENT,
            SparseFile.dataChunks(killed.disks.data(), off, Guest.DATA_SEGMENT), img, 0, Guest.DATA_SEGMENT, true);
        StateReader.Result r = reader.read(img);
        res.statesRead++;
        int acks = killed.slots.get(s.index).marks.size();
        res.states.get(s.index).add(r, acks, "power cut " + killed.cutMillis + " ms after the start"
            + (delay > 0 ? " (writes " + delay + " ms late)" : ""), run);
        Files.deleteIfExists(img);
      }
      GuestKit.deleteTree(dir);
    }
    res.powerCutSeconds = (System.nanoTime() - t1) / 1e9;
    return res;
  }

  private static void replayLog(RealStates rs, GuestRun.Outcome logged, GuestRun.Slot s, Options o, int run,
      Path work, StateReader reader, Result res) throws IOException {
    rs.logRuns = Math.max(rs.logRuns, run + 1);
    LogWrites lw = LogWrites.read(logged.disks.log(), s.index * Guest.LOG_SEGMENT, Guest.LOG_SEGMENT);
    Path wdir = Files.createDirectories(work.resolve("replay-" + s.index));
    Replay replay = Replay.of(lw, s.pristine, s.chunks, Guest.DATA_SEGMENT, wdir);
    List<String> listing = new ArrayList<>();
    for (LogWrites.Entry e : lw.entries) {
      listing.add(e.toString());
    }
    Files.write(work.resolve("log-" + s.workload.name() + "-" + (run + 1) + ".txt"), listing);
    if (run == 0) {
      rs.marks = replay.marks();
    }
    rs.logEntries += lw.entries.size() - replay.start;
    for (LogWrites.Entry e : lw.entries.subList(replay.start, lw.entries.size())) {
      rs.logFlushes += e.is(LogWrites.FLUSH) ? 1 : 0;
      rs.logFua += e.is(LogWrites.FUA) ? 1 : 0;
    }
    List<Replay.Cut> cuts = new ArrayList<>(replay.prefixes());
    cuts.addAll(replay.reorderings(o.reorderings(), o.seed() * 1000 + s.index * 10 + run));
    Path img = wdir.resolve("state.img");
    java.util.Map<String, StateReader.Result> byImage = new java.util.HashMap<>();
    String tag = o.loggedDelays().size() > 1 ? "log " + (run + 1) + ", " : "";
    for (Replay.Cut c : cuts) {
      String key = replay.imageKey(c);
      StateReader.Result r = byImage.get(key);
      if (r == null) {
        replay.build(c, img);
        r = reader.read(img);
        byImage.put(key, r);
        res.statesRead++;
        res.replayStates++;
      }
      rs.add(r, c.acks(), tag + c.origin(), run);
    }
    Files.deleteIfExists(img);
    replay.close();
  }

  /** The ext4 options the guest printed for its mounts (first one), or "". */
  static String mountOptions(Path console) {
    try {
      for (String l : Files.readAllLines(console, java.nio.charset.StandardCharsets.ISO_8859_1)) {
        if (l.startsWith("blackout-plan: options: ")) {
          return l.substring("blackout-plan: options: ".length()).strip();
        }
      }
    } catch (IOException e) {
      // no console
    }
    return "";
  }
}
