package dev.blackout.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a mount is made and where it reports what it did on its own.
 *
 * @param allowOther mount with {@code allow_other,default_permissions}: every user (and a
 *     container that bind-mounts the directory) may use the mount, with the kernel checking file
 *     modes and owners as on a plain directory. Non-root users need {@code user_allow_other} in
 *     {@code /etc/fuse.conf}.
 * @param notices receives one-line notices (a stale mount cleared, a mount detached while files
 *     were still open); the default logs them as warnings
 */
public record MountOptions(boolean allowOther, Consumer<String> notices) {
  private static final Logger LOG = LoggerFactory.getLogger(MountOptions.class);

  /** The fuse.conf that fusermount3 reads. */
  static final Path FUSE_CONF = Path.of("/etc/fuse.conf");

  public MountOptions {
    Objects.requireNonNull(notices, "notices");
  }

  /** A private mount (only this user), notices logged. */
  public static MountOptions defaults() {
    return new MountOptions(false, LOG::warn);
  }

  /** These options with {@code allow_other} on or off. */
  public MountOptions withAllowOther(boolean allow) {
    return new MountOptions(allow, notices);
  }

  /** These options sending notices to {@code sink}. */
  public MountOptions withNotices(Consumer<String> sink) {
    return new MountOptions(allowOther, sink);
  }

  /** The {@code -o} list given to libfuse. */
  String optionList(String fsName) {
    return "auto_unmount,"
        + (allowOther ? "allow_other,default_permissions," : "")
        + "fsname="
        + fsName
        + ",subtype="
        + fsName;
  }

  /**
   * Why {@code allow_other} cannot be used by a process with effective uid {@code euid} given the
   * fuse.conf at {@code conf}, or empty when it can (root always can).
   */
  static Optional<String> allowOtherProblem(int euid, Path conf) {
    if (euid == 0) {
      return Optional.empty();
    }
    try {
      for (String line : Files.readAllLines(conf)) {
        if (line.strip().equals("user_allow_other")) {
          return Optional.empty();
        }
      }
    } catch (NoSuchFileException e) {
      // same as a file without the line
    } catch (IOException e) {
      return Optional.of(
          "--allow-other: cannot read "
              + conf
              + " ("
              + e.getMessage()
              + "); a non-root user needs the line 'user_allow_other' there");
    }
    return Optional.of(
        "--allow-other needs the line 'user_allow_other' in "
            + conf
            + " when not run as root; add it (as root) or record as root");
  }
}
