package dev.blackout.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a crash state off a disk image the way a user would find it: attaches the image (a copy:
 * recovery writes to it) to a loop device, mounts it read-only, which makes the host kernel recover
 * the journal (and, for ext4, process the orphan list), reads the files into a {@link Tree},
 * unmounts, and runs the file system's read-only check. Needs root (loop devices, mount).
 */
final class StateReader {
  /** A state: the files, or why there are none; and whether the read-only check passed. */
  record Result(Tree tree, String failure, String fsck) {
    boolean recovered() {
      return tree != null;
    }

    /** A one-line name for what is on the disk. */
    String describe() {
      if (tree == null) {
        return "does not recover: " + failure;
      }
      return tree.describe() + (fsck == null ? "" : " [fsck: " + fsck + "]");
    }

    /** The key comparisons use: the tree, or the failure class. */
    String key() {
      return tree != null ? tree.key() : "\u0000unrecoverable";
    }
  }

  private final FsType fs;
  private final Path mountPoint;
  private final boolean fsck;

  StateReader(FsType fs, Path mountPoint, boolean fsck) {
    this.fs = fs;
    this.mountPoint = mountPoint;
    this.fsck = fsck;
  }

  /** Checks that this host can do it: root, loop devices, the tools. */
  static void requireHost(FsType fs) {
    Processes.require("losetup", "mount");
    Processes.require("mount", "mount");
    fs.requireTools();
    String user = System.getProperty("user.name");
    if (!"root".equals(user)) {
      throw new CalibrationException("reading crash states loop-mounts disk images, which needs root; run as root (e.g. sudo)");
    }
    if (!Files.exists(Path.of("/dev/loop-control"))) {
      throw new CalibrationException("/dev/loop-control is missing, so disk images cannot be mounted; load the loop module ('modprobe loop')");
    }
  }

  /** Recovers and reads {@code image} (which it modifies). */
  Result read(Path image) throws IOException {
    Files.createDirectories(mountPoint);
    Processes.Result lo = Processes.run(null, 120, List.of("losetup", "-f", "--show", image.toString()));
    if (!lo.ok()) {
      throw new CalibrationException("losetup of " + image + " failed: " + lo.lastLine());
    }
    String dev = lo.output().strip();
    Tree tree = null;
    String failure = null;
    try {
      Processes.Result m = Processes.run(null, 300, List.of("mount", "-t", fs.id(), "-o", "ro", dev, mountPoint.toString()));
      if (!m.ok()) {
        failure = "mount -t " + fs.id() + " -o ro fails: " + m.lastLine();
      } else {
        try {
          tree = Tree.of(mountPoint);
        } catch (IOException e) {
          failure = "reading the mounted files fails: " + e.getMessage();
        } finally {
          Processes.Result u = Processes.run(null, 300, List.of("umount", mountPoint.toString()));
          if (!u.ok()) {
            throw new CalibrationException("cannot unmount " + mountPoint + ": " + u.lastLine() + "; unmount it by hand");
          }
        }
      }
    } finally {
      Processes.run(null, 120, List.of("losetup", "-d", dev));
    }
    String check = null;
    if (fsck) {
      List<String> cmd = new ArrayList<>(fs.fsck);
      cmd.add(image.toString());
      Processes.Result r = Processes.run(null, 300, cmd);
      if (!r.ok()) {
        check = "status " + r.status() + ": " + r.lastLine();
      }
    }
    return new Result(tree, failure, check);
  }
}
