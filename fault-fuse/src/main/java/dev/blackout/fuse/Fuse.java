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
 * {@code fusermount3 -u -z} without privileges), waits for the loop to return, and only then calls
 * {@code fuse_unmount} and {@code fuse_destroy}; if the loop does not return in time the handle is
 * leaked rather than freed under running threads.
 */
public final class Fuse implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Fuse.class);
  private static final long READY_TIMEOUT_MS = 10_000;
  private static final long STOP_TIMEOUT_MS = 10_000;

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
  private boolean closed;

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
    Path mp = checkMountPoint(mountPoint);
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

  static Path checkMountPoint(Path mountPoint) throws MountPointException {
    Path mp = mountPoint.toAbsolutePath().normalize();
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
   * Unmounts and frees the file system; waits up to 10 s for in-flight requests. Idempotent.
   *
   * @throws MountFailedException if the mount could not be removed or the loop did not stop
   */
  @Override
  public synchronized void close() throws FuseException {
    if (closed) {
      return;
    }
    closed = true;
    String problem = null;
    if (loop.isAlive()) {
      problem = unmountFromOutside();
    }
    try {
      loop.join(STOP_TIMEOUT_MS);
      if (loop.isAlive()) {
        LibFuse.fuse_exit(fuse);
        loop.join(2_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (loop.isAlive()) {
      // Freeing the handle under running workers would be a use-after-free: leak it instead, and
      // keep the callbacks reachable for as long as libfuse may call them.
      LEAKED.add(this);
      throw new MountFailedException(
          "the FUSE loop for "
              + mountPoint
              + " did not stop within "
              + STOP_TIMEOUT_MS
              + " ms"
              + (problem == null ? "" : " (" + problem + ")")
              + "; run fusermount3 -u -z "
              + mountPoint);
    }
    LibFuse.fuse_unmount(fuse);
    LibFuse.fuse_destroy(fuse);
    LibFuse.fuse_loop_cfg_destroy(loopConfig);
    Reference.reachabilityFence(table);
    Reference.reachabilityFence(args);
    Reference.reachabilityFence(argv);
    LOG.debug("unmounted {} (loop returned {})", mountPoint, loopResult);
  }

  /** Returns null when the unmount went through, else what went wrong. */
  private String unmountFromOutside() {
    String mp = mountPoint.toString();
    if (LibC.umount2(mp, 0) == 0) {
      return null;
    }
    int err = LibC.errno();
    if (err == Errno.EBUSY && LibC.umount2(mp, LibC.MNT_DETACH) == 0) {
      return null;
    }
    if (err == Errno.EINVAL && !Mounts.isMountPoint(mountPoint)) {
      return null; // already gone (auto_unmount, or someone else)
    }
    // Not privileged: let the setuid helper do it.
    try {
      Path fusermount = env.fusermount().orElse(Path.of("fusermount3"));
      Process p =
          new ProcessBuilder(fusermount.toString(), "-u", "-z", mp)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS) && p.exitValue() == 0) {
        return null;
      }
      return "fusermount3 -u failed: " + out;
    } catch (IOException e) {
      return "umount2 failed with errno "
          + err
          + " and fusermount3 could not run: "
          + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
