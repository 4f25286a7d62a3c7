package dev.blackout.fuse;

import dev.blackout.core.trace.TraceWriter;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Records a workload: mounts a recording passthrough of a backing directory and appends every
 * request that changes it to a trace file, until {@link #close}.
 *
 * <p>{@link #start} captures the backing directory as the trace's initial image, mounts, and opens
 * a control socket ({@link #controlSocket()}, given to recorded commands as {@code
 * BLACKOUT_CONTROL}) through which any process can add a marker; {@link #mark} does the same for
 * in-process workloads. Wiring: {@link PassthroughFileSystem} ← {@link RecordingFileSystem} ←
 * {@link Fuse}.
 */
public final class FuseRecorder implements AutoCloseable {
  private static final long RELEASE_WAIT_NANOS = 1_000_000_000L;
  private final Fuse fuse;
  private final PassthroughFileSystem passthrough;
  private final RecordingFileSystem recording;
  private final TraceWriter writer;
  private final ControlServer control;
  private final Path controlDir;
  private final Path trace;
  private boolean closed;
  private boolean cutOff;
  private int openAtCutOff;

  private FuseRecorder(
      Fuse fuse,
      PassthroughFileSystem passthrough,
      RecordingFileSystem recording,
      TraceWriter writer,
      ControlServer control,
      Path controlDir,
      Path trace) {
    this.fuse = fuse;
    this.passthrough = passthrough;
    this.recording = recording;
    this.writer = writer;
    this.control = control;
    this.controlDir = controlDir;
    this.trace = trace;
  }

  /**
   * Starts recording {@code backing} (an existing directory, its content becomes the initial image)
   * through a mount at {@code mountPoint} (an existing empty directory) into {@code trace} (which
   * must not exist).
   */
  public static FuseRecorder start(Path backing, Path mountPoint, Path trace) throws IOException {
    return start(backing, mountPoint, trace, MountOptions.defaults());
  }

  /** {@link #start(Path, Path, Path)} with a mount made as {@code options} say. */
  public static FuseRecorder start(Path backing, Path mountPoint, Path trace, MountOptions options)
      throws IOException {
    return start(backing, mountPoint, trace, FuseEnvironment.system(), options);
  }

  static FuseRecorder start(
      Path backing, Path mountPoint, Path trace, FuseEnvironment env, MountOptions options)
      throws IOException {
    env.check();
    Fuse.checkAllowOther(options);
    Path back = backing.toAbsolutePath().normalize();
    if (!Files.exists(back, LinkOption.NOFOLLOW_LINKS)) {
      throw new BackingDirectoryException(
          "backing directory " + back + " does not exist; create" + " it or omit --backing");
    }
    if (!Files.isDirectory(back)) {
      throw new BackingDirectoryException(
          "backing directory " + back + " is not a directory;" + " give a directory");
    }
    checkNotNested(back.toRealPath(), mountPoint);
    Path mp = Fuse.checkMountPoint(mountPoint, options);
    if (Files.exists(trace, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(
          trace.toString(), null, "trace file already exists; remove it or choose another --trace");
    }
    PassthroughFileSystem passthrough = PassthroughFileSystem.open(back);
    TraceWriter writer = null;
    Path controlDir = null;
    ControlServer control = null;
    Fuse fuse = null;
    try {
      writer = TraceWriter.create(trace);
      InodeTable inodes = new InodeTable();
      ImageCapture.capture(back, inodes, writer);
      writer.flush();
      RecordingFileSystem recording = new RecordingFileSystem(passthrough, writer, inodes);
      controlDir =
          Files.createTempDirectory(
              "blackout-ctl",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      control = ControlServer.start(controlDir.resolve("control"), recording::mark);
      if (options.allowOther()) {
        // the mount is shared: so are markers (other users' processes may run 'blackout mark')
        Files.setPosixFilePermissions(controlDir, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(control.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
      }
      fuse = Fuse.mount(recording, mp, "blackout", 10, env, options);
      return new FuseRecorder(fuse, passthrough, recording, writer, control, controlDir, trace);
    } catch (IOException | RuntimeException e) {
      if (control != null) {
        closeQuietly(control, e);
      }
      if (controlDir != null) {
        Files.deleteIfExists(controlDir);
      }
      passthrough.close();
      if (writer != null) {
        closeQuietly(writer, e);
        Files.deleteIfExists(trace);
      }
      throw e;
    }
  }

  /**
   * Refuses a mount point inside the backing directory (the recorder would serve its own mount
   * through itself, which can deadlock) and a backing directory inside, or at, the mount point
   * (the mount would hide it), each in one line.
   */
  static void checkNotNested(Path realBacking, Path mountPoint) throws MountPointException {
    Path mp = mountPoint.toAbsolutePath().normalize();
    try {
      mp = mp.toRealPath();
    } catch (IOException e) {
      // checkMountPoint says what is wrong with it
    }
    if (mp.equals(realBacking) || realBacking.startsWith(mp)) {
      throw new MountPointException(
          "mount point "
              + mp
              + " would hide the backing directory "
              + realBacking
              + "; use separate directories");
    }
    if (mp.startsWith(realBacking)) {
      throw new MountPointException(
          "mount point "
              + mp
              + " is inside the backing directory "
              + realBacking
              + " (the recorder would record its own mount and can deadlock); choose a mount"
              + " point outside it");
    }
  }

  private static void closeQuietly(AutoCloseable c, Throwable into) {
    try {
      c.close();
    } catch (Exception e) {
      into.addSuppressed(e);
    }
  }

  public Path mountPoint() {
    return fuse.mountPoint();
  }

  public Path trace() {
    return trace;
  }

  /** The Unix domain socket that takes markers (see {@link ControlServer} for the protocol). */
  public Path controlSocket() {
    return control.socket();
  }

  /**
   * Appends marker {@code text}, ordered after every operation that completed before this call;
   * returns its sequence number.
   */
  public synchronized long mark(String text) throws IOException {
    if (closed) {
      throw new IllegalStateException("recorder is closed");
    }
    return recording.mark(text, (int) ProcessHandle.current().pid());
  }

  /**
   * The kernel sends RELEASE asynchronously after the last close(2); give the ones in flight a
   * moment to arrive, so that a workload that closed its files finds its releases in the trace.
   */
  private void awaitReleases() {
    long deadline = System.nanoTime() + RELEASE_WAIT_NANOS;
    while (recording.openHandles() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * True when {@link #close} found the mount still in use (a leaked descriptor, a thread or a
   * process still working in it) and, after detaching it and waiting a moment, cut it off by
   * aborting its FUSE connection: whoever still uses it now gets ENOTCONN ("Transport endpoint is
   * not connected"). The trace ends where the cut was made.
   */
  public synchronized boolean cutOff() {
    return cutOff;
  }

  /** How many files and directories were open when the mount was cut off (0 if it was not). */
  public synchronized int openAtCutOff() {
    return openAtCutOff;
  }

  /**
   * What {@link #cutOff} means, for a one-line message: "still in use (...), so the recording was
   * stopped there and the mount cut off: ...".
   */
  public synchronized String cutOffReport() {
    return "still in use ("
        + (openAtCutOff == 0
            ? "a process working in it"
            : openAtCutOff
                + (openAtCutOff == 1 ? " open file" : " open files")
                + ": a stream not closed, or a thread or process still running")
        + "), so the recording was stopped there and the mount cut off: whatever still uses it"
        + " gets 'Transport endpoint is not connected'";
  }

  /** The sequence number of the last recorded op. */
  public long lastSeq() {
    return writer.lastSeq();
  }

  /**
   * Unmounts (waiting for in-flight requests), closes the control socket and the trace.
   *
   * @throws IOException if unmounting failed, or if an op could not be appended while recording
   *     (the trace is then incomplete)
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    awaitReleases();
    IOException failure = null;
    try {
      fuse.close();
    } catch (IOException e) {
      failure = e;
    }
    cutOff = fuse.aborted();
    openAtCutOff = cutOff ? recording.openHandles() : 0;
    try {
      recording.flushHeld();
    } catch (IOException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    // If libfuse still serves requests (a lazily detached mount in use), the backing descriptor
    // must stay open: closing it would let a reused descriptor number redirect those requests.
    AutoCloseable[] rest =
        fuse.loopRunning()
            ? new AutoCloseable[] {control, writer}
            : new AutoCloseable[] {control, passthrough, writer};
    for (AutoCloseable c : rest) {
      try {
        c.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    Files.deleteIfExists(controlDir);
    Throwable lost = recording.failure();
    if (lost != null && failure == null) {
      failure =
          new IOException(
              "the trace "
                  + trace
                  + " is incomplete: an operation could not be"
                  + " appended ("
                  + lost.getMessage()
                  + ")",
              lost);
    }
    if (failure != null) {
      throw failure;
    }
  }
}
