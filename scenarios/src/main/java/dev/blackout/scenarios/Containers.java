package dev.blackout.scenarios;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a workload process inside a container sharing the recorded directory with its siblings,
 * or, where no container can run, in new user and mount namespaces (what a container is to a file
 * system). The container engine is Debian's podman with an image imported from a tarball made
 * here (busybox-static; no registry is needed or reachable); the host's {@code /usr} (the JDK and
 * its libraries) and the workload's class path are bind-mounted read-only, the recorded directory
 * read-write at {@code /data}, and the recorder's control socket beside it. The process runs as
 * nobody, which the recorder's {@code allow_other} mount lets in.
 *
 * <p>On the machines this was built on, podman's default runtime (crun) cannot start a container
 * ({@code crun: setrlimit RLIMIT_NOFILE: Operation not permitted}, then {@code cgroups in hybrid
 * mode not supported}); runc with explicit file and process limits can, so that is what runs.
 */
final class Containers {
  static final String IMAGE = "localhost/blackout-workload:1";
  static final String ENGINE_ENV = "BLACKOUT_CONTAINER_ENGINE";
  /**
   * The user a container's process runs as: nobody, not the recorder's user, so the mount must
   * allow others. (The namespace fallback keeps the user: it maps root to itself.)
   */
  static final int UID = 65534;
  private static final String PATH_SEPARATOR = java.io.File.pathSeparator;

  /** How the roles are isolated. */
  enum Engine {
    PODMAN,
    UNSHARE
  }

  /** What was chosen and why (the probe's error when containers could not run). */
  record Choice(Engine engine, String why) {}

  private static Choice chosen;

  private Containers() {}

  /**
   * Podman when a probe container runs, else unshare; {@code BLACKOUT_CONTAINER_ENGINE=unshare}
   * (or the system property {@code blackout.container.engine=unshare}) forces the fallback.
   */
  static synchronized Choice choose() {
    if (chosen == null) {
      chosen = probe();
    }
    return chosen;
  }

  /** Forgets the choice (tests that switch engines). */
  static synchronized void forget() {
    chosen = null;
  }

  private static Choice probe() {
    if ("unshare".equals(System.getProperty("blackout.container.engine",
        System.getenv(ENGINE_ENV)))) {
      return new Choice(Engine.UNSHARE, "unshare asked for (" + ENGINE_ENV + ")");
    }
    try {
      ensureImage();
      List<String> cmd = new ArrayList<>(podmanRun());
      cmd.addAll(List.of(IMAGE, "/bin/true"));
      Result r = exec(cmd, 120);
      if (r.code() == 0) {
        return new Choice(Engine.PODMAN, "podman " + version() + " with runc");
      }
      return new Choice(Engine.UNSHARE, "podman could not run a container: " + r.output());
    } catch (IOException e) {
      return new Choice(Engine.UNSHARE, "podman could not run a container: " + e.getMessage());
    }
  }

  private static String version() throws IOException {
    return exec(List.of("podman", "--version"), 30).output().replace("podman version ", "");
  }

  /** {@code podman run} with what this machine needs, up to the image. */
  static List<String> podmanRun() {
    return List.of("podman", "--runtime", "runc", "run", "--rm", "--network", "none",
        "--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096");
  }

  /** Imports the workload image from a busybox-static root file system, once. */
  static void ensureImage() throws IOException {
    if (exec(List.of("podman", "image", "exists", IMAGE), 60).code() == 0) {
      return;
    }
    Path busybox = Path.of("/bin/busybox");
    if (!Files.isExecutable(busybox)) {
      throw new IOException("no /bin/busybox to build the image from (apt-get install"
          + " busybox-static)");
    }
    Path root = Files.createTempDirectory("blackout-rootfs-");
    try {
      for (String d : List.of("bin", "usr", "tmp", "data", "proc", "dev", "sys", "etc")) {
        Files.createDirectories(root.resolve(d));
      }
      Files.setPosixFilePermissions(root.resolve("tmp"),
          java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.copy(busybox, root.resolve("bin/busybox"));
      for (String tool : List.of("sh", "true", "cat", "ls")) {
        Files.createSymbolicLink(root.resolve("bin").resolve(tool), Path.of("busybox"));
      }
      for (String lib : List.of("lib", "lib64")) {
        Files.createSymbolicLink(root.resolve(lib), Path.of("usr", lib));
      }
      Path tar = root.resolveSibling(root.getFileName() + ".tar");
      Result t = exec(List.of("tar", "-C", root.toString(), "-cf", tar.toString(), "."), 60);
      if (t.code() != 0) {
        throw new IOException("tar failed: " + t.output());
      }
      Result i = exec(List.of("podman", "import", tar.toString(), IMAGE), 120);
      Files.deleteIfExists(tar);
      if (i.code() != 0) {
        throw new IOException("podman import failed: " + i.output());
      }
    } finally {
      exec(List.of("rm", "-rf", root.toString()), 60);
    }
  }

  /**
   * The command that runs {@code java} (a workload process's command line) isolated: in a
   * container with {@code mount} at {@code /data}, or in new user and mount namespaces.
   */
  static List<String> wrap(List<String> java, String role, Path mount, Map<String, String> env) {
    Choice c = choose();
    List<String> out = new ArrayList<>();
    if (c.engine() == Engine.UNSHARE) {
      out.addAll(List.of("unshare", "--user", "--map-root-user", "--mount", "--pid", "--fork",
          "--"));
      out.addAll(java);
      return out;
    }
    out.addAll(podmanRun());
    out.addAll(List.of("--name", "blackout-" + role + "-" + ProcessHandle.current().pid(),
        "--user", UID + ":" + UID,
        "-v", "/usr:/usr:ro", "-v", mount + ":/data", "-w", "/data"));
    Set<String> mounts = new LinkedHashSet<>();
    String cp = java.get(java.indexOf("-cp") + 1);
    for (String entry : cp.split(PATH_SEPARATOR)) {
      if (!entry.startsWith("/usr/")) {
        mounts.add(entry);
      }
    }
    // Debian's JDK keeps its configuration in /etc/java-N-openjdk, linked from its conf directory.
    try (var etc = Files.newDirectoryStream(Path.of("/etc"), "java*")) {
      for (Path p : etc) {
        mounts.add(p.toString());
      }
    } catch (IOException e) {
      // no /etc/java*: a JDK that keeps its configuration under /usr
    }
    String control = env.get(dev.blackout.fuse.MarkClient.CONTROL_ENV);
    for (String m : mounts) {
      out.addAll(List.of("-v", m + ":" + m + ":ro"));
    }
    if (control != null) {
      Path dir = Path.of(control).getParent();
      out.addAll(List.of("-v", dir + ":" + dir));
      out.addAll(List.of("-e", dev.blackout.fuse.MarkClient.CONTROL_ENV + "=" + control));
    }
    out.addAll(List.of("-e", Recording.MOUNT_ENV + "=/data", IMAGE));
    out.addAll(java);
    return out;
  }

  record Result(int code, String output) {}

  static Result exec(List<String> cmd, int seconds) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, String.join(" ", cmd) + " did not finish in " + seconds + " s");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      int nl = out.lastIndexOf('\n');
      return new Result(p.exitValue(), nl < 0 ? out : out.substring(nl + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted running " + cmd.get(0), e);
    } catch (IOException e) {
      throw new IOException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
    }
  }
}
