package dev.blackout.fuse;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import dev.blackout.fuse.internal.Errno;
import dev.blackout.fuse.internal.Layout;
import dev.blackout.fuse.internal.LibC;
import dev.blackout.fuse.internal.LibFuse;
import dev.blackout.fuse.internal.OperationsTable;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mounted FUSE file system: {@link #mount} serves a {@link FuseOperations} at a mount point
 * until {@link #close}. Single use; closing twice does nothing.
 *
 * <p>Sequence (notes §1.2 B, §3.9): {@code fuse_new_31} with {@code -o auto_unmount,fsname=...} (a
 * killed JVM leaves no stale mount: libfuse's fusermount3 helper unmounts it), {@code fuse_mount},
 * {@code fuse_loop_mt_312} on a Java thread; {@link #mount} returns once a stat of the mount point
 * has been answered by the file system. {@link #close} unmounts from outside ({@code umount2}, or
 * {@code fusermount3 -u} without privileges; lazily when busy, then aborting the connection), waits
 * for the loop to return, and only then calls {@code fuse_unmount} and {@code fuse_destroy}; if the
 * loop does not return the handle is leaked rather than freed under running threads.
 */
public final class Fuse implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Fuse.class);
  private static final long READY_TIMEOUT_MS = 10_000;
  private static final long STOP_TIMEOUT_MS = 10_000;
  private static final long BUSY_GRACE_MS = 1_000;

  /** Mounts whose loop did not stop at close: their callbacks must never be collected. */
  private static final Set<Fuse> LEAKED = ConcurrentHashMap.newKeySet();

  private final Path mountPoint;
  private final FuseEnvironment env;
  private final OperationsTable table;
  private final Memory args;
  private final StringArray argv;
  private final Pointer fuse;
  private final Pointer loopConfig;
  private final Thread loop;
  private volatile int loopResult = Integer.MIN_VALUE;
  /** st_dev of the mount's root: names the connection under /sys/fs/fuse/connections. */
  private volatile long device = -1;
  private boolean closed;
  private boolean aborted;

  private Fuse(
      Path mountPoint,
      FuseEnvironment env,
      OperationsTable table,
      Memory args,
      StringArray argv,
      Pointer fuse,
      Pointer loopConfig,
      Thread loop) {
    this.mountPoint = mountPoint;
    this.env = env;
    this.table = table;
    this.args = args;
    this.argv = argv;
    this.fuse = fuse;
    this.loopConfig = loopConfig;
    this.loop = loop;
  }

  /**
   * Checks that this machine can mount: {@code /dev/fuse}, {@code libfuse3.so.3} and {@code
   * fusermount3} are present.
   */
  public static void checkAvailable() throws FuseUnavailableException {
    FuseEnvironment.system().check();
  }

  /**
   * Mounts {@code fs} at {@code mountPoint} (an existing empty directory) with 10 worker threads.
   */
  public static Fuse mount(FuseOperations fs, Path mountPoint) throws FuseException {
    return mount(fs, mountPoint, MountOptions.defaults());
  }

  /** Mounts {@code fs} at {@code mountPoint} as {@code options} say, with 10 worker threads. */
  public static Fuse mount(FuseOperations fs, Path mountPoint, MountOptions options)
      throws FuseException {
    return mount(fs, mountPoint, "blackout", 10, FuseEnvironment.system(), options);
  }

  static Fuse mount(
      FuseOperations fs,
      Path mountPoint,
      String fsName,
      int threads,
      FuseEnvironment env,
      MountOptions options)
      throws FuseException {
    env.check();
    checkAllowOther(options);
    Path mp = checkMountPoint(mountPoint, options);
    LibFuse.load();
    OperationsTable table = OperationsTable.of(fs);
    StringArray argv = new StringArray(new String[] {fsName, "-o", options.optionList(fsName)});
    Memory args = new Memory(Layout.ARGS_SIZE);
    args.clear();
    args.setInt(Layout.ARGS_ARGC, 3);
    args.setPointer(Layout.ARGS_ARGV, argv);
    args.setInt(Layout.ARGS_ALLOCATED, 0);
    Pointer f = LibFuse.fuse_new_31(args, table.pointer(), Layout.FUSE_OPERATIONS_SIZE, null);
    if (f == null) {
      throw new MountFailedException(
          "fuse_new failed for " + mp + " (libfuse logged why on stderr)");
    }
    if (LibFuse.fuse_mount(f, mp.toString()) != 0) {
      LibFuse.fuse_destroy(f);
      throw new MountFailedException(
          "fuse_mount failed for "
              + mp
              + " (libfuse logged why on stderr); check that"
              + " fusermount3 works and that you may mount there");
    }
    Pointer cfg = LibFuse.fuse_loop_cfg_create();
    LibFuse.fuse_loop_cfg_set_max_threads(cfg, threads);
    Fuse[] self = new Fuse[1];
    Thread loop =
        new Thread(
            () -> {
              int rc = LibFuse.fuse_loop_mt_312(f, cfg);
              self[0].loopResult = rc;
            },
            "fuse-loop " + mp);
    loop.setDaemon(true);
    Fuse mounted = new Fuse(mp, env, table, args, argv, f, cfg, loop);
    self[0] = mounted;
    loop.start();
    try {
      mounted.awaitReady();
    } catch (FuseException e) {
      try {
        mounted.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    LOG.debug("mounted {}", mp);
    return mounted;
  }

  /** Refuses {@code allow_other} where fusermount3 would refuse it, in one line. */
  static void checkAllowOther(MountOptions options) throws MountFailedException {
    if (options.allowOther()) {
      Optional<String> problem =
          MountOptions.allowOtherProblem(LibC.geteuid(), MountOptions.FUSE_CONF);
      if (problem.isPresent()) {
        throw new MountFailedException(problem.get());
      }
    }
  }

  static Path checkMountPoint(Path mountPoint, MountOptions options) throws MountPointException {
    Path mp = mountPoint.toAbsolutePath().normalize();
    clearStaleMount(mp, options);
    if (!Files.exists(mp, LinkOption.NOFOLLOW_LINKS)) {
      throw new MountPointException(
          "mount point "
              + mp
              + " does not exist; create an empty"
              + " directory there or omit --mount");
    }
    if (!Files.isDirectory(mp, LinkOption.NOFOLLOW_LINKS)) {
      throw new MountPointException(
          "mount point " + mp + " is not a directory; give an empty" + " directory");
    }
    if (Mounts.isMountPoint(mp)) {
      throw new MountPointException(
          "mount point "
              + mp
              + " is already a mount; unmount it"
              + " (fusermount3 -u "
              + mp
              + ") or choose another directory");
    }
    try (Stream<Path> s = Files.list(mp)) {
      if (s.findAny().isPresent()) {
        throw new MountPointException(
            "mount point " + mp + " is not empty; give an empty" + " directory");
      }
    } catch (IOException e) {
      throw new MountPointException("cannot read mount point " + mp + ": " + e.getMessage(), e);
    }
    try {
      return mp.toRealPath();
    } catch (IOException e) {
      throw new MountPointException("cannot resolve mount point " + mp + ": " + e.getMessage(), e);
    }
  }

  /**
   * A recorder killed together with libfuse's unmount helper (kill -9 of a process group) leaves
   * its mount behind, dead: every access fails with ENOTCONN. If {@code mp} is such a mount of
   * ours, unmount it and say so; a dead mount of another file system is refused in one line.
   */
  static void clearStaleMount(Path mp, MountOptions options) throws MountPointException {
    Memory st = new Memory(Layout.STAT_SIZE);
    if (LibC.fstatat(LibC.AT_FDCWD, mp.toString(), st, LibC.AT_SYMLINK_NOFOLLOW) == 0
        || LibC.errno() != Errno.ENOTCONN) {
      return;
    }
    Path where = mp;
    try {
      where = mp.getParent().toRealPath().resolve(mp.getFileName());
    } catch (IOException | NullPointerException e) {
      // keep the path as given
    }
    Optional<Mounts.Entry> entry = Mounts.at(where);
    String type = entry.map(Mounts.Entry::type).orElse("unknown");
    if (!type.equals("fuse.blackout")) {
      throw new MountPointException(
          "mount point "
              + where
              + " is a dead mount of type "
              + type
              + " (transport endpoint is not connected); unmount it (fusermount3 -u -z "
              + where
              + ") or choose another directory");
    }
    boolean gone =
        LibC.umount2(where.toString(), LibC.MNT_DETACH) == 0
            || runQuietly(
                FuseEnvironment.system().fusermount().orElse(Path.of("fusermount3")).toString(),
                "-u",
                "-z",
                where.toString());
    if (!gone) {
      throw new MountPointException(
          "mount point "
              + where
              + " is a stale Blackout mount (its recorder was killed) and cannot be unmounted;"
              + " run fusermount3 -u -z "
              + where
              + " (as root: umount -l)");
    }
    options
        .notices()
        .accept(
            "cleared a stale Blackout mount at "
                + where
                + " (left by a recorder that was killed): it was dead, 'Transport endpoint is not"
                + " connected'");
  }

  private static boolean runQuietly(String... command) {
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void awaitReady() throws FuseException {
    CompletableFuture<Object> probe =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Files.readAttributes(mountPoint, "unix:dev");
              } catch (IOException e) {
                return e;
              }
            });
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
    while (System.nanoTime() < deadline) {
      if (!loop.isAlive()) {
        throw new MountFailedException(
            "the FUSE loop for "
                + mountPoint
                + " ended at once (code "
                + loopResult
                + "); see libfuse's message on stderr");
      }
      try {
        Object r = probe.get(20, TimeUnit.MILLISECONDS);
        if (r instanceof IOException e) {
          throw new MountFailedException(
              "the new mount " + mountPoint + " cannot be read: " + e.getMessage(), e);
        }
        device = ((Number) ((java.util.Map<?, ?>) r).get("dev")).longValue();
        if (!Mounts.isMountPoint(mountPoint)) {
          throw new MountFailedException(
              mountPoint + " does not appear in the mount table after" + " mounting");
        }
        return;
      } catch (java.util.concurrent.TimeoutException e) {
        // keep waiting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MountFailedException("interrupted while waiting for " + mountPoint);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new MountFailedException("probing " + mountPoint + " failed: " + e.getCause(), e);
      }
    }
    throw new MountFailedException(
        "the mount at " + mountPoint + " did not answer within " + READY_TIMEOUT_MS + " ms");
  }

  public Path mountPoint() {
    return mountPoint;
  }

  /** True while libfuse's loop still serves requests (also after a {@link #close} that failed). */
  boolean loopRunning() {
    return loop.isAlive();
  }

  /** True until {@link #close} (or until the mount went away on its own). */
  public boolean isMounted() {
    return !closed && loop.isAlive();
  }

  /**
   * True when {@link #close} had to abort the FUSE connection: files were still open in the
   * lazily detached mount (a process, a thread or a leaked descriptor still using it), and their
   * users now get ENOTCONN.
   */
  public synchronized boolean aborted() {
    return aborted;
  }

  /**
   * Unmounts and frees the file system, in bounded time whatever still uses the mount. Idempotent.
   *
   * <p>An idle mount is unmounted at once. A busy one (files still open) is detached lazily and
   * given {@value #BUSY_GRACE_MS} ms to be released; then its connection is aborted through
   * {@code /sys/fs/fuse/connections/N/abort} (mounting fusectl there first if needed and allowed),
   * as a normal unmount would have done: every request pending or still to come on those files
   * fails with ENOTCONN, and the loop returns. {@link #aborted} tells whether that happened.
   *
   * @throws MountFailedException if the mount could not be removed or the loop did not stop (the
   *     loop then keeps answering requests, so that nothing waits on it forever)
   */
  @Override
  public synchronized void close() throws FuseException {
    if (closed) {
      return;
    }
    closed = true;
    String problem = null;
    long wait = STOP_TIMEOUT_MS;
    if (loop.isAlive()) {
      Unmount u = unmountFromOutside();
      problem = u.problem();
      if (u.detachedBusy()) {
        wait = BUSY_GRACE_MS;
      }
    }
    join(wait);
    if (loop.isAlive()) {
      String why = abortConnection();
      if (why == null) {
        aborted = true;
        join(STOP_TIMEOUT_MS);
      } else {
        problem = problem == null ? why : problem + "; " + why;
      }
    }
    if (loop.isAlive()) {
      // Freeing the handle under running workers would be a use-after-free: leak it instead, and
      // keep the callbacks reachable for as long as libfuse may call them. The loop keeps
      // answering, so that no caller waits forever on a request nobody reads.
      LEAKED.add(this);
      throw new MountFailedException(
          "the FUSE loop for "
              + mountPoint
              + " did not stop"
              + (problem == null ? "" : " (" + problem + ")")
              + "; it keeps serving the files still open until they are closed");
    }
    LibFuse.fuse_unmount(fuse);
    LibFuse.fuse_destroy(fuse);
    LibFuse.fuse_loop_cfg_destroy(loopConfig);
    AutoUnmountHelper.release(mountPoint);
    Reference.reachabilityFence(table);
    Reference.reachabilityFence(args);
    Reference.reachabilityFence(argv);
    LOG.debug("unmounted {} (loop returned {}, aborted {})", mountPoint, loopResult, aborted);
  }

  private void join(long millis) {
    try {
      loop.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How the unmount from outside went: {@code problem} is null when it went through. */
  private record Unmount(boolean detachedBusy, String problem) {
    static final Unmount DONE = new Unmount(false, null);
    static final Unmount DETACHED = new Unmount(true, null);
  }

  private Unmount unmountFromOutside() {
    String mp = mountPoint.toString();
    if (LibC.umount2(mp, 0) == 0) {
      return Unmount.DONE;
    }
    int err = LibC.errno();
    if (err == Errno.EBUSY && LibC.umount2(mp, LibC.MNT_DETACH) == 0) {
      return Unmount.DETACHED;
    }
    if (err == Errno.EINVAL && !Mounts.isMountPoint(mountPoint)) {
      return Unmount.DONE; // already gone (auto_unmount, or someone else)
    }
    // Not privileged: let the setuid helper do it, lazily only if it is busy.
    String plain = fusermount("-u");
    if (plain == null) {
      return Unmount.DONE;
    }
    String lazy = fusermount("-u", "-z");
    return lazy == null ? Unmount.DETACHED : new Unmount(false, lazy);
  }

  /** Runs {@code fusermount3 ARGS mountPoint}; null when it succeeded, else what it said. */
  private String fusermount(String... flags) {
    try {
      Path fusermount = env.fusermount().orElse(Path.of("fusermount3"));
      java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(flags));
      cmd.add(0, fusermount.toString());
      cmd.add(mountPoint.toString());
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS) && p.exitValue() == 0) {
        return null;
      }
      return "fusermount3 " + String.join(" ", flags) + " failed: " + out;
    } catch (IOException e) {
      return "fusermount3 could not run: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /**
   * Aborts this mount's connection; returns null when done, else why it could not be. The
   * connection's directory is named by the kernel's device number of the mount.
   */
  private String abortConnection() {
    if (device < 0) {
      return "its device number is unknown, so its connection cannot be aborted";
    }
    Path connections;
    try {
      connections = FuseConnections.directory();
    } catch (IOException e) {
      return e.getMessage();
    }
    Path abort = connections.resolve(Long.toString(FuseConnections.kernelDevice(device)))
        .resolve("abort");
    try {
      Files.writeString(abort, "1");
      return null;
    } catch (IOException e) {
      return "cannot abort its connection through " + abort + ": " + e.getMessage();
    }
  }
}
