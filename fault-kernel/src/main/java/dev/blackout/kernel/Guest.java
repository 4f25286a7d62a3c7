package dev.blackout.kernel;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The calibration guest, ready to run: its files ({@link GuestKit}), the accelerator that works on
 * this host, and a saved VM state taken right after boot, from which every run is restored (about
 * half a second instead of a boot). The state is cached beside the kit, keyed by the kit and the
 * accelerator; the disks' sizes are fixed so that any run's disks fit the saved VM.
 */
final class Guest {
  static final long MIB = 1L << 20;
  /** Data disk (vda): one segment per workload, each a whole file system. */
  static final long DATA_SEGMENT = 512 * MIB;
  /** Log disk (vdb): one dm-log-writes log per workload. */
  static final long LOG_SEGMENT = 256 * MIB;
  /** The most workloads one run holds. */
  static final int SEGMENTS = 32;
  /** Work disk (vdc): a cpio archive with the plan and the workloads. */
  static final long WORK_SIZE = 64 * MIB;

  final GuestKit kit;
  final Qemu.Accel accel;
  final Path snapshot;
  /** Seconds from qemu's start to the guest's READY when the snapshot was made (0 if cached). */
  final double bootSeconds;

  private Guest(GuestKit kit, Qemu.Accel accel, Path snapshot, double bootSeconds) {
    this.kit = kit;
    this.accel = accel;
    this.snapshot = snapshot;
    this.bootSeconds = bootSeconds;
  }

  /** Finds or builds the kit and the saved state, trying KVM first where it may work. */
  static Guest prepare(Path cache, PrintWriter log) {
    GuestKit kit = GuestKit.prepare(cache, log);
    Path dir = cache.resolve("guest");
    // keyed by what decides whether KVM works: qemu and the host kernel
    Path kvmBroken = dir.resolve("kvm-unusable-" + GuestKit.sha256(GuestKit.packageVersion("qemu-system-x86") + " "
        + Processes.run("uname", "-r").output().strip()).substring(0, 12));
    boolean tryKvm = Files.isReadable(Path.of("/dev/kvm")) && Files.isWritable(Path.of("/dev/kvm"))
        && !Files.exists(kvmBroken) && !"tcg".equals(System.getenv("BLACKOUT_ACCEL"));
    if (tryKvm) {
      Path snap = dir.resolve("snapshot-" + kit.key + "-kvm.state");
      if (Files.isRegularFile(snap)) {
        return new Guest(kit, Qemu.Accel.KVM, snap, 0);
      }
      try {
        return boot(kit, Qemu.Accel.KVM, snap, log, 60);
      } catch (CalibrationException e) {
        log.println("calibrate: KVM does not run the guest here (" + e.getMessage().lines().findFirst().orElse("")
            + "); using software emulation (-accel tcg) from now on");
        log.flush();
        try {
          Files.writeString(kvmBroken, e.getMessage() + "\n");
        } catch (IOException ignored) {
          // we will try again next time
        }
      }
    }
    Path snap = dir.resolve("snapshot-" + kit.key + "-tcg.state");
    if (Files.isRegularFile(snap)) {
      return new Guest(kit, Qemu.Accel.TCG, snap, 0);
    }
    return boot(kit, Qemu.Accel.TCG, snap, log, 300);
  }

  static Guest boot(GuestKit kit, Qemu.Accel accel, Path snap, PrintWriter log, int timeoutSeconds) {
    log.println("calibrate: booting the guest (-accel " + accel.name + ") to save its state");
    log.flush();
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("blackout-boot-");
      Qemu.Disks disks = emptyDisks(tmp);
      long start = System.nanoTime();
      try (Qemu q = Qemu.start(kit, accel, tmp.resolve("vm"), disks, null)) {
        String line = q.readLine(timeoutSeconds * 1000L);
        if (line == null || !line.startsWith("READY")) {
          throw new CalibrationException("the guest did not boot (-accel " + accel.name + ", "
              + (q.alive() ? "no READY within " + timeoutSeconds + " s" : "qemu exited: " + Qemu.lastLine(q.dir.resolve("qemu.out")))
              + "); the end of its console:\n" + q.consoleTail(25));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Path part = Files.createTempFile(snap.getParent(), "snapshot-", ".tmp");
        q.save(part);
        q.qmp("quit", java.util.Map.of());
        q.waitFor(10_000);
        Files.move(part, snap, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        log.println(String.format("calibrate: guest booted in %.1f s; state saved to %s", seconds, snap));
        log.flush();
        return new Guest(kit, accel, snap, seconds);
      }
    } catch (IOException e) {
      throw new CalibrationException("cannot boot the guest: " + e.getMessage(), e);
    } finally {
      GuestKit.deleteTree(tmp);
    }
  }

  /** Fresh sparse disks of the fixed sizes in {@code dir}. */
  static Qemu.Disks emptyDisks(Path dir) throws IOException {
    Files.createDirectories(dir);
    Qemu.Disks d = new Qemu.Disks(dir.resolve("data.img"), dir.resolve("log.img"), dir.resolve("work.img"));
    sparse(d.data(), DATA_SEGMENT * SEGMENTS);
    sparse(d.log(), LOG_SEGMENT * SEGMENTS);
    sparse(d.work(), WORK_SIZE);
    return d;
  }

  static void sparse(Path file, long size) throws IOException {
    Files.deleteIfExists(file);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
  }

  /** Restores the saved guest with {@code disks} and lets it run: it starts the work disk's plan. */
  Qemu restore(Path dir, Qemu.Disks disks) {
    Qemu q = Qemu.start(kit, accel, dir, disks, snapshot);
    try {
      q.resumeIncoming(120_000);
      return q;
    } catch (RuntimeException e) {
      q.close();
      throw e;
    }
  }

  /** The kernel the guest runs, e.g. {@code linux-image-6.1.0-57-cloud-amd64 6.1.192-3}. */
  String kernel() {
    return kit.kernelPackage + " " + kit.kernelVersion;
  }
}
