package dev.blackout.fuse;

import com.sun.jna.NativeLibrary;
import dev.blackout.fuse.internal.JnaSearchPath;
import dev.blackout.fuse.internal.LibFuse;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where FUSE's pieces are looked for: the device, the library, and the directories searched for
 * {@code fusermount3}. {@link #system()} is the real machine; tests substitute missing pieces.
 */
record FuseEnvironment(Path device, String library, List<Path> searchPath) {

  static FuseEnvironment system() {
    List<Path> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) {
        if (!d.isEmpty()) {
          dirs.add(Path.of(d));
        }
      }
    }
    dirs.add(Path.of("/usr/bin"));
    dirs.add(Path.of("/bin"));
    dirs.add(Path.of("/usr/local/bin"));
    return new FuseEnvironment(Path.of("/dev/fuse"), LibFuse.LIBRARY, List.copyOf(dirs));
  }

  /** Throws a one-line {@link FuseUnavailableException} for the first missing piece. */
  void check() throws FuseUnavailableException {
    if (!Files.exists(device)) {
      throw new FuseUnavailableException(
          "no "
              + device
              + " on this machine; load the fuse module (modprobe fuse) or run in a VM"
              + " or container with /dev/fuse");
    }
    try {
      JnaSearchPath.init();
      NativeLibrary.getInstance(library);
    } catch (UnsatisfiedLinkError e) {
      throw new FuseUnavailableException(
          library
              + " is not installed; install libfuse 3 (Debian/Ubuntu: apt-get install fuse3"
              + " libfuse3-3)",
          e);
    }
    if (fusermount().isEmpty()) {
      throw new FuseUnavailableException(
          "fusermount3 not found on PATH; install it (Debian/Ubuntu: apt-get install fuse3)");
    }
  }

  java.util.Optional<Path> fusermount() {
    for (Path d : searchPath) {
      Path p = d.resolve("fusermount3");
      if (Files.isExecutable(p)) {
        return java.util.Optional.of(p);
      }
    }
    return java.util.Optional.empty();
  }
}
