package dev.blackout.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.trace.TraceOp;
import dev.blackout.core.trace.TraceReader;
import dev.blackout.fuse.internal.LibC;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mount shared with other users ({@code allow_other,default_permissions}): another user (and a
 * container-like bind mount in a user namespace) can use it, and a compact POSIX conformance run
 * as that user gives the same results through the recorder as on a plain directory: errno of
 * every refused operation, owners, groups and modes of what it creates. No packaged POSIX file
 * system suite reaches our registries (pjdfstest is not in Debian 12, xfstests needs block
 * devices), so {@link ConformanceDriver} is ours. Needs root (to switch to {@code nobody}).
 */
class PosixConformanceIT {
  private static final int NOBODY = 65534;

  /**
   * Steps whose outcome FUSE itself makes differ from a plain directory, with the reason (also in
   * docs/recorder.md, "Sharing the mount"). Empty: every step matches.
   */
  private static final Map<String, String> FUSE_DIFFERENCES = Map.of();

  @TempDir Path tmp;

  @BeforeEach
  void reachable() throws IOException {
    RequireFuse.check();
    assertEquals(0, LibC.geteuid(), "this test switches users: run as root");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void anotherUserGetsThePlainDirectoryResultsThroughTheMount() throws Exception {
    Path plain = Files.createDirectory(tmp.resolve("plain"));
    Path backing = Files.createDirectory(tmp.resolve("backing"));
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    fixture(plain);
    fixture(backing);
    List<String> expected = asNobody(driver(plain));
    List<String> actual;
    try (FuseRecorder rec =
        FuseRecorder.start(
            backing, mnt, tmp.resolve("t.trace"), MountOptions.defaults().withAllowOther(true))) {
      actual = asNobody(driver(rec.mountPoint()));
    }
    assertEquals(expected.size(), actual.size(), "plain:\n" + expected + "\nmount:\n" + actual);
    List<String> unexpected = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      String step = expected.get(i).substring(0, expected.get(i).indexOf(':'));
      if (!expected.get(i).equals(actual.get(i)) && !FUSE_DIFFERENCES.containsKey(step)) {
        unexpected.add("plain  " + expected.get(i) + "\n  mount  " + actual.get(i));
      }
    }
    assertTrue(unexpected.isEmpty(), "differences from a plain directory:\n  "
        + String.join("\n  ", unexpected));
    assertTrue(expected.size() > 40, "the driver ran every step: " + expected);
  }

  @Test
  void withoutAllowOtherAnotherUserIsRefused() throws Exception {
    Path backing = Files.createDirectory(tmp.resolve("backing"));
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    fixture(backing);
    try (FuseRecorder rec = FuseRecorder.start(backing, mnt, tmp.resolve("t.trace"))) {
      Result r = run(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
          "--clear-groups", "cat", rec.mountPoint().resolve("public").toString()));
      assertTrue(r.status != 0 && r.output.contains("Permission denied"), r.output);
    }
  }

  @Test
  void aContainerBindMountWorksWithAllowOther() throws Exception {
    Path backing = Files.createDirectory(tmp.resolve("backing"));
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    Path volume = Files.createDirectory(tmp.resolve("volume"));
    fixture(backing);
    Path trace = tmp.resolve("t.trace");
    try (FuseRecorder rec =
        FuseRecorder.start(backing, mnt, trace, MountOptions.defaults().withAllowOther(true))) {
      // A container: its own mount namespace with the mount bound in as a volume, and a user
      // namespace whose root is nobody outside.
      String inside = "cat " + volume + "/public && echo from-container > " + volume + "/own/c"
          + " && perl -MIO::Socket::UNIX -e '\\''$s = IO::Socket::UNIX->new(Peer => $ARGV[0])"
          + " or die $!; print $s \"mark 0 from-container\\n\"; print scalar <$s>'\\'' "
          + rec.controlSocket();
      Result r = run(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
          "mount --bind " + rec.mountPoint() + " " + volume + " && setpriv --reuid=" + NOBODY
              + " --regid=" + NOBODY + " --clear-groups unshare --user --map-root-user sh -c '"
              + inside + "'"));
      assertEquals(0, r.status, r.output);
      assertTrue(r.output.startsWith("public\nok "), "read the volume and marked: " + r.output);
    }
    assertEquals("from-container\n", Files.readString(backing.resolve("own/c")));
    assertEquals(NOBODY, Files.getAttribute(backing.resolve("own/c"), "unix:uid"));
    assertTrue(TraceReader.read(trace).ops().stream()
        .anyMatch(o -> o instanceof TraceOp.Create c && c.name().equals("c")));
    assertTrue(TraceReader.read(trace).ops().stream()
        .anyMatch(o -> o instanceof TraceOp.Marker m && m.text().equals("from-container")));
  }

  /** The same tree of owners and modes wherever it is made (as root). */
  static void fixture(Path d) throws IOException {
    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
    file(d.resolve("public"), "public\n", 0644, 0);
    file(d.resolve("secret"), "secret\n", 0600, 0);
    dir(d.resolve("own"), 0755, NOBODY);
    dir(d.resolve("readonly"), 0755, 0);
    file(d.resolve("readonly/file"), "r\n", 0644, 0);
    dir(d.resolve("nosearch"), 0744, 0);
    file(d.resolve("nosearch/inside"), "i\n", 0644, 0);
    dir(d.resolve("noread"), 0711, 0);
    file(d.resolve("noread/inside"), "i\n", 0644, 0);
    dir(d.resolve("sticky"), 01777, 0);
    file(d.resolve("sticky/roots"), "r\n", 0644, 0);
    file(d.resolve("sticky/mine"), "m\n", 0644, NOBODY);
    dir(d.resolve("setgid"), 02777, 0);
  }

  private static void file(Path p, String text, int mode, int owner) throws IOException {
    Files.writeString(p, text);
    Files.setAttribute(p, "unix:mode", mode);
    Files.setAttribute(p, "unix:uid", owner);
    Files.setAttribute(p, "unix:gid", owner);
  }

  private static void dir(Path p, int mode, int owner) throws IOException {
    Files.createDirectory(p);
    Files.setAttribute(p, "unix:uid", owner);
    Files.setAttribute(p, "unix:gid", owner);
    Files.setAttribute(p, "unix:mode", mode);
  }

  private static List<String> driver(Path root) throws Exception {
    Path classes = Path.of(ConformanceDriver.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI());
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:-UsePerfData", "-Xshare:auto", "-cp", classes.toString(),
        ConformanceDriver.class.getName(), root.toString());
  }

  private static List<String> asNobody(List<String> command) throws Exception {
    List<String> line = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY,
        "--regid=" + NOBODY, "--clear-groups", "env", "HOME=/", "sh", "-c",
        "umask 022; exec \"$@\"", "sh"));
    line.addAll(command);
    Result r = run(line);
    assertEquals(0, r.status, r.output);
    return r.output.lines().toList();
  }

  private record Result(int status, String output) {}

  private static Result run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "did not end: " + command);
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
