package dev.blackout.fuse;

import dev.blackout.fuse.internal.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The kernel's FUSE control file system (fusectl): one directory per live connection, named by the
 * device number of its mount, whose {@code abort} file ends the connection (every pending and
 * future request fails with ENOTCONN, and the server's read returns ENODEV).
 */
final class FuseConnections {
  static final Path DEFAULT = Path.of("/sys/fs/fuse/connections");

  private FuseConnections() {}

  /**
   * Where fusectl is mounted; mounts it at its usual place when it is not and this process is
   * root (systemd does the same at boot; containers often lack it).
   *
   * @throws IOException with a one-line reason when there is none and none can be made
   */
  static Path directory() throws IOException {
    Optional<Path> mounted = Mounts.ofType("fusectl");
    if (mounted.isPresent()) {
      return mounted.get();
    }
    if (LibC.geteuid() != 0) {
      throw new IOException(
          "the FUSE control file system is not mounted, and only root can mount it (mount -t"
              + " fusectl fusectl "
              + DEFAULT
              + ")");
    }
    if (!Files.isDirectory(DEFAULT)) {
      throw new IOException("the kernel offers no " + DEFAULT + " to abort a FUSE connection");
    }
    if (LibC.mount("fusectl", DEFAULT.toString(), "fusectl", 0, null) != 0) {
      throw new IOException(
          "cannot mount the FUSE control file system at " + DEFAULT + " (errno " + LibC.errno()
              + ")");
    }
    return DEFAULT;
  }

  /**
   * The kernel's {@code dev_t} (major in the bits above 20) for a {@code st_dev} as glibc returns
   * it (minor split around the major): the name of the connection's directory.
   */
  static long kernelDevice(long stDev) {
    long major = ((stDev >>> 8) & 0xfff) | ((stDev >>> 32) & 0xfffff000L);
    long minor = (stDev & 0xff) | ((stDev >>> 12) & 0xffffff00L);
    return (major << 20) | minor;
  }
}
