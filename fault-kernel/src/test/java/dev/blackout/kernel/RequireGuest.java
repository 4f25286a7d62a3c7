package dev.blackout.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Guard for tests that boot the calibration guest or mount: with {@code blackout.requireGuest=true}
 * (the build's default) a machine without qemu, busybox-static, dmsetup, xfsprogs, root or loop
 * devices fails the test with the one-line error naming what to install; only a developer who sets
 * it to false by hand gets a skip.
 */
final class RequireGuest {
  private RequireGuest() {}

  static void check(boolean needsGuest) {
    try {
      Processes.require("mkfs.ext4", "e2fsprogs");
      HostRecording.busybox();
      if (needsGuest) {
        Processes.require("qemu-system-x86_64", "qemu-system-x86");
        Processes.require("dmsetup", "dmsetup");
        Processes.require("xfs_io", "xfsprogs");
        StateReader.requireHost(FsType.EXT4);
      }
    } catch (CalibrationException e) {
      if (Boolean.parseBoolean(System.getProperty("blackout.requireGuest", "true"))) {
        fail("the calibration guest is required (blackout.requireGuest=true) but unavailable: " + e.getMessage());
      }
      Assumptions.abort("skipped because blackout.requireGuest=false: " + e.getMessage());
    }
  }
}
