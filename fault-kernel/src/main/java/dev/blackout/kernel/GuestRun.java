package dev.blackout.kernel;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One run of the guest over a batch of workloads, each on its own file system (segment {@code i}
 * of the data disk, through dm-linear) and, in a logged run, over its own dm-log-writes log
 * (segment {@code i} of the log disk). All workloads start together; after they end the guest
 * idles {@code settle} seconds (journal commits every 5 s, dirty data is written back after 30 s)
 * and then unmounts. A killed run is the same without logs, cut by SIGKILL to qemu at a chosen
 * moment.
 */
final class GuestRun {
  /** The mark the guest puts in each log once the workload's files are in place. */
  static final String START_MARK = "blackout-start";

  /** A workload in the batch and the file system it starts on. */
  static final class Slot {
    final int index;
    final Workload workload;
    /** The freshly made file system (before the setup files are copied in by the guest). */
    final Path pristine;
    final long[] chunks;

    Slot(int index, Workload workload, Path pristine, long[] chunks) {
      this.index = index;
      this.workload = workload;
      this.pristine = pristine;
      this.chunks = chunks;
    }
  }

  /** What the guest reported for one slot. */
  static final class SlotResult {
    /** Acknowledgement texts, in the order the guest sent them. */
    final List<String> marks = new ArrayList<>();
    Integer exit;
    /** Milliseconds from the workloads' start to each acknowledgement. */
    final List<Long> markTimes = new ArrayList<>();
  }

  /** The outcome of a run. */
  static final class Outcome {
    final List<SlotResult> slots = new ArrayList<>();
    final Qemu.Disks disks;
    /** Milliseconds from the workloads' start until all had ended (-1 if the run was cut before). */
    long workloadMillis = -1;
    /** Milliseconds from the workloads' start to the cut (killed runs). */
    long cutMillis = -1;
    double restoreSeconds;
    String consoleTail = "";

    Outcome(Qemu.Disks disks, int n) {
      this.disks = disks;
      for (int i = 0; i < n; i++) {
        slots.add(new SlotResult());
      }
    }
  }

  private GuestRun() {}

  /** Makes one fresh file system per workload under {@code dir}. */
  static List<Slot> prepare(Path dir, List<Workload> workloads, FsType fs) throws IOException {
    if (workloads.size() > Guest.SEGMENTS) {
      throw new CalibrationException("one run holds at most " + Guest.SEGMENTS + " workloads, got " + workloads.size());
    }
    fs.requireTools();
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i < workloads.size(); i++) {
      Path img = dir.resolve("pristine-" + i + ".img");
      Guest.sparse(img, Guest.DATA_SEGMENT);
      List<String> cmd = new ArrayList<>(fs.mkfs);
      cmd.add(img.toString());
      Processes.check("mkfs for workload " + workloads.get(i).name(), cmd.toArray(new String[0]));
      slots.add(new Slot(i, workloads.get(i), img, SparseFile.dataChunks(img, 0, Guest.DATA_SEGMENT)));
    }
    return slots;
  }

  /**
   * Runs the batch. {@code cutAfterMillis < 0}: a logged run to the end; otherwise a killed run,
   * cut that many milliseconds after the workloads started.
   */
  static Outcome run(Guest guest, List<Slot> slots, FsType fs, Path dir, int settleSeconds, long cutAfterMillis,
      int writeDelayMillis, PrintWriter log) throws IOException {
    boolean logged = cutAfterMillis < 0;
    Qemu.Disks disks = Guest.emptyDisks(dir);
    for (Slot s : slots) {
      SparseFile.copy(s.pristine, 0, Guest.DATA_SEGMENT, s.chunks, disks.data(), s.index * Guest.DATA_SEGMENT,
          Guest.DATA_SEGMENT * Guest.SEGMENTS, false);
    }
    writeWork(disks.work(), slots, fs, logged, settleSeconds, writeDelayMillis);
    Outcome out = new Outcome(disks, slots.size());
    long t0 = System.nanoTime();
    try (Qemu q = guest.restore(dir.resolve("vm"), disks)) {
      out.restoreSeconds = (System.nanoTime() - t0) / 1e9;
      long start = -1;
      long limit = System.currentTimeMillis() + 20 * 60_000L;
      while (true) {
        long now = System.currentTimeMillis();
        long wait = 1000;
        if (!logged && start >= 0) {
          wait = Math.max(0, start + cutAfterMillis - now);
          if (wait == 0) {
            q.kill();
            out.cutMillis = now - start;
            for (String l : q.drainLines()) {
              handle(l, out, start, now);
            }
            break;
          }
        }
        String line = q.readLine(Math.min(wait, 1000));
        now = System.currentTimeMillis();
        if (line == null) {
          if (!q.alive()) {
            out.consoleTail = q.consoleTail(30);
            throw new CalibrationException("the guest stopped before the run ended; the end of its console:\n" + out.consoleTail);
          }
          if (now > limit) {
            out.consoleTail = q.consoleTail(30);
            throw new CalibrationException("the guest's run did not end within 20 min; the end of its console:\n" + out.consoleTail);
          }
          continue;
        }
        if (line.equals("GO")) {
          continue;
        }
        if (line.equals("WORKLOADS-START")) {
          start = now;
          continue;
        }
        if (line.startsWith("FAIL ")) {
          out.consoleTail = q.consoleTail(30);
          throw new CalibrationException("in the guest: " + line.substring(5) + "; the end of its console:\n" + out.consoleTail);
        }
        if (line.equals("WORKLOADS-DONE")) {
          out.workloadMillis = now - start;
          continue;
        }
        if (line.equals("END")) {
          q.waitFor(30_000);
          break;
        }
        handle(line, out, start, now);
      }
      out.consoleTail = q.consoleTail(30);
    }
    return out;
  }

  private static void handle(String line, Outcome out, long start, long now) {
    String[] f = line.split(" ", 3);
    if (f[0].equals("MARK") && f.length == 3) {
      SlotResult r = out.slots.get(Integer.parseInt(f[1]));
      r.marks.add(new String(HexFormat.of().parseHex(f[2]), StandardCharsets.UTF_8));
      r.markTimes.add(start < 0 ? 0 : now - start);
    } else if (f[0].equals("EXIT") && f.length == 3) {
      out.slots.get(Integer.parseInt(f[1])).exit = Integer.parseInt(f[2].strip());
    }
  }

  /** The cpio archive on the work disk: the plan, the mark command, every workload and its files. */
  private static void writeWork(Path work, List<Slot> slots, FsType fs, boolean logged, int settle, int delay)
      throws IOException {
    try (OutputStream out = Files.newOutputStream(work, StandardOpenOption.WRITE);
        Cpio cpio = new Cpio(new java.io.BufferedOutputStream(out, 1 << 16))) {
      cpio.file("plan.sh", 0755, plan(slots, fs, logged, settle, delay).getBytes(StandardCharsets.UTF_8));
      cpio.file("bin/blackout", 0755, GuestKit.resource("guest-blackout.sh").getBytes(StandardCharsets.UTF_8));
      for (Slot s : slots) {
        String base = "w/" + s.index;
        cpio.dir(base + "/setup");
        cpio.file(base + "/cmd", 0755, Files.readAllBytes(s.workload.command()));
        String run = "#!/bin/sh\nexec " + String.join(" ",
            s.workload.commandLine("/work/" + base + "/cmd", "/bin/busybox").stream().map(Workload::quote).toList()) + "\n";
        cpio.file(base + "/run", 0755, run.getBytes(StandardCharsets.UTF_8));
        if (s.workload.setup() != null) {
          addTree(cpio, s.workload.setup(), base + "/setup");
        }
      }
    }
    if (Files.size(work) > Guest.WORK_SIZE) {
      throw new CalibrationException("the workloads and their files take " + Files.size(work) / Guest.MIB
          + " MiB; the guest's work disk holds " + Guest.WORK_SIZE / Guest.MIB + " MiB");
    }
    try (var f = new java.io.RandomAccessFile(work.toFile(), "rw")) {
      f.setLength(Guest.WORK_SIZE);
    }
  }

  private static void addTree(Cpio cpio, Path root, String prefix) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
        if (p.equals(root)) {
          continue;
        }
        String name = prefix + "/" + root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          cpio.symlink(name, Files.readSymbolicLink(p).toString());
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          cpio.dir(name);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          cpio.file(name, mode(p), Files.readAllBytes(p));
        }
      }
    }
  }

  private static int mode(Path p) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
    int m = 0;
    for (PosixFilePermission x : perms) {
      m |= 1 << (8 - x.ordinal());
    }
    return m;
  }

  /**
   * The shell script the guest runs for this batch; {@code delay > 0} puts a dm-delay target under
   * each file system that completes every write that many milliseconds late (a slow disk: the
   * same workload with other timing).
   */
  static String plan(List<Slot> slots, FsType fs, boolean logged, int settle, int delay) {
    long dsect = Guest.DATA_SEGMENT / 512;
    long lsect = Guest.LOG_SEGMENT / 512;
    StringBuilder p = new StringBuilder();
    p.append("#!/bin/sh\n# generated by Blackout's GuestRun: ").append(logged ? "logged" : "killed").append(" run\n");
    p.append("say() { echo \"$*\" > /dev/ttyS1; }\n");
    p.append("fail() { say \"FAIL $*\"; exec sleep 100000; }\n");
    if (fs != FsType.EXT4) {
      p.append("for m in $(cat /lib/modules/blackout/").append(fs.id()).append(".order); do\n")
          .append("  insmod /lib/modules/blackout/$m.ko 2>/dev/null || grep -q \"^$m \" /proc/modules")
          .append(" || fail \"insmod $m\"\ndone\n");
    }
    for (Slot s : slots) {
      int i = s.index;
      p.append("dmsetup create d").append(i).append(" --table \"0 ").append(dsect).append(" linear /dev/vda ")
          .append(i * dsect).append("\" || fail \"dmsetup create d").append(i).append("\"\n");
      String dev = "d" + i;
      if (delay > 0) {
        p.append("dmsetup mknodes\n");
        p.append("dmsetup create s").append(i).append(" --table \"0 ").append(dsect).append(" delay /dev/mapper/d")
            .append(i).append(" 0 0 /dev/mapper/d").append(i).append(" 0 ").append(delay)
            .append("\" || fail \"dmsetup create s").append(i).append("\"\n");
        dev = "s" + i;
      }
      if (logged) {
        p.append("dmsetup create l").append(i).append(" --table \"0 ").append(lsect).append(" linear /dev/vdb ")
            .append(i * lsect).append("\" || fail \"dmsetup create l").append(i).append("\"\n");
        p.append("dmsetup mknodes\n");
        p.append("dmsetup create w").append(i).append(" --table \"0 ").append(dsect)
            .append(" log-writes /dev/mapper/").append(dev).append(" /dev/mapper/l").append(i)
            .append("\" || fail \"dmsetup create w").append(i).append("\"\n");
        dev = "w" + i;
      }
      p.append("dmsetup mknodes\n");
      p.append("mkdir -p /t/").append(i).append("\n");
      p.append("mount -t ").append(fs.id()).append(" /dev/mapper/").append(dev).append(" /t/").append(i)
          .append(" || fail \"mount of workload ").append(i).append("'s file system\"\n");
      p.append("cp -a /work/w/").append(i).append("/setup/. /t/").append(i).append("/ || fail \"setup files of workload ")
          .append(i).append("\"\n");
      p.append("umount /t/").append(i).append(" && mount -t ").append(fs.id()).append(" /dev/mapper/").append(dev)
          .append(" /t/").append(i).append(" || fail \"remount of workload ").append(i).append("\"\n");
      if (logged) {
        p.append("dmsetup message w").append(i).append(" 0 mark ").append(START_MARK).append(" || fail \"mark\"\n");
      }
    }
    if (fs == FsType.EXT4) {
      p.append("for o in /proc/fs/ext4/*/options; do echo \"blackout-plan: options: $(tr '\\n' ' ' < $o)\"; break; done\n");
    } else {
      p.append("echo \"blackout-plan: options: $(grep ' /t/0 ' /proc/mounts | cut -d' ' -f4)\"\n");
    }
    p.append("say WORKLOADS-START\n");
    for (Slot s : slots) {
      int i = s.index;
      p.append("(cd /t/").append(i).append(" && BLACKOUT_W=").append(i).append(" BLACKOUT_DM=")
          .append(logged ? "w" + i : "").append(" PATH=/work/bin:$PATH /work/w/").append(i)
          .append("/run < /dev/null; say \"EXIT ").append(i).append(" $?\") &\n");
    }
    p.append("wait\nsay WORKLOADS-DONE\n");
    p.append("sleep ").append(settle).append("\n");
    for (Slot s : slots) {
      int i = s.index;
      p.append("umount /t/").append(i).append(" || say \"umount of workload ").append(i).append(" failed\"\n");
      if (logged) {
        p.append("dmsetup remove w").append(i).append(" || say \"dmsetup remove w").append(i).append(" failed\"\n");
      }
    }
    p.append("sync\nsay END\npoweroff -f\n");
    return p.toString();
  }
}
