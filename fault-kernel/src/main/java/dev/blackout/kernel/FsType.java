package dev.blackout.kernel;

import java.util.List;
import java.util.Locale;

/** A file system the guest can put under a workload, with the host tools that make and check it. */
public enum FsType {
  EXT4("e2fsprogs", List.of("mkfs.ext4", "-q", "-F"), List.of("e2fsck", "-fn")),
  XFS("xfsprogs", List.of("mkfs.xfs", "-q", "-f"), List.of("xfs_repair", "-n", "-f")),
  BTRFS("btrfs-progs", List.of("mkfs.btrfs", "-q", "-f"), List.of("btrfs", "check", "--readonly"));

  /** The Debian package with the tools. */
  final String debianPackage;
  /** mkfs with default options, as a user gets them; the image path follows. */
  final List<String> mkfs;
  /** A read-only consistency check; the image path follows; status 0 means consistent. */
  final List<String> fsck;

  FsType(String debianPackage, List<String> mkfs, List<String> fsck) {
    this.debianPackage = debianPackage;
    this.mkfs = mkfs;
    this.fsck = fsck;
  }

  /** The name mount(8) and the command line use: ext4, xfs, btrfs. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses ext4, xfs or btrfs. */
  public static FsType parse(String text) {
    for (FsType t : values()) {
      if (t.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown file system '" + text + "'; known: ext4, xfs, btrfs");
  }

  /** Checks that mkfs and fsck for this file system are installed. */
  void requireTools() {
    Processes.require(mkfs.get(0), debianPackage);
    Processes.require(fsck.get(0), debianPackage);
  }
}
