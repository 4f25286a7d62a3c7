package dev.blackout.fuse;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.blackout.core.image.FsImage;
import dev.blackout.core.trace.OpMeta;
import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.RawNames;
import dev.blackout.core.trace.TraceOp;
import dev.blackout.core.trace.TraceWriter;
import dev.blackout.fuse.internal.Layout;
import dev.blackout.fuse.internal.LibC;
import dev.blackout.fuse.internal.LibFuse;
import dev.blackout.fuse.internal.NativeStrings;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A decorator that appends every mutating request, and every flush, release, fsync, fdatasync and
 * fsyncdir, to a {@link TraceWriter} with its result, after the wrapped file system carried it out.
 * Each op records the last sequence number that had completed when the request began ({@link
 * OpMeta#startSeq}), the calling process (0 for page writeback and release) and thread, and the
 * recorder inode id of the file (backing st_dev/st_ino mapped through an {@link InodeTable}).
 *
 * <p>Write payloads are views of libfuse's request buffer ({@link Payload#wrap}) appended before
 * the request returns, so nothing is copied here. If appending fails the request answers EIO and
 * {@link #failure()} keeps the first cause: a trace with a hole must not pass for a whole one.
 */
final class RecordingFileSystem extends ForwardingFileSystem {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingFileSystem.class);
  private static final int EIO = 5;
  private static final int EFBIG = 27;
  private static final int EINVAL = 22;
  private static final int EOPNOTSUPP = 95;
  private static final int COPY_CHUNK = 1 << 20;

  /** An open handle: the recorder's id for it, the file it opened, and its open flags. */
  private record Handle(long id, long inode, int flags) {}

  /** What a request without a known handle records: handle 0 on inode 0. */
  private static final Handle NO_HANDLE = new Handle(0, 0, 0);

  private final TraceWriter writer;
  private final InodeTable inodes;
  private final ProcessIds processes = new ProcessIds();
  private final ConcurrentHashMap<Long, Handle> handles = new ConcurrentHashMap<>();
  private final AtomicLong nextHandle = new AtomicLong(1);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  /**
   * The Unlink that libfuse's hiding of an open file stands for, held until the next append:
   * libfuse replaces an open file by hiding it (a rename to {@code .fuse_hiddenXXX}) and then, on
   * the same thread, renaming onto its name. That pair is one atomic rename for the application, so
   * when the next append is that rename it records one Rename replacing the hidden inode; anything
   * else appends the Unlink first (an unlink of an open file). Guarded by {@link #appendLock}.
   */
  private Hidden hidden;

  /** The name libfuse just hid on this thread before a rename onto it, held, not unlinked. */
  private final ThreadLocal<String> heldForRename = new ThreadLocal<>();

  private final Object appendLock = new Object();

  private record Hidden(
      long start, int pid, int tid, long thread, String path, long parent, String name, long inode,
      long time, long dirMtime) {}
  private final long epochBaseNanos;
  private final long nanoBase;
  private final ThreadLocal<Memory> statBuf =
      ThreadLocal.withInitial(() -> new Memory(Layout.STAT_SIZE));
  private final ThreadLocal<Memory> pathBuf = ThreadLocal.withInitial(() -> new Memory(8192));
  private final ThreadLocal<Memory> copyBuf = ThreadLocal.withInitial(() -> new Memory(COPY_CHUNK));

  RecordingFileSystem(FuseOperations delegate, TraceWriter writer, InodeTable inodes) {
    super(delegate);
    this.writer = writer;
    this.inodes = inodes;
    this.epochBaseNanos = System.currentTimeMillis() * 1_000_000L;
    this.nanoBase = System.nanoTime();
  }

  /** Handles (files and directories) opened and not yet released. */
  int openHandles() {
    return handles.size();
  }

  /** The first failure to append, if any. */
  Throwable failure() {
    return failure.get();
  }

  // ---------------------------------------------------------------- bookkeeping

  private long now() {
    return epochBaseNanos + (System.nanoTime() - nanoBase);
  }

  /** Builds the op for a sequence number; the recorder appends it atomically. */
  @FunctionalInterface
  private interface OpFactory {
    TraceOp build(OpMeta meta);
  }

  /** Appends; returns {@code result}, or -EIO when the trace could not take the op. */
  private int record(long start, int pid, int tid, int result, OpFactory op) {
    int errno = result < 0 ? -result : 0;
    long time = now();
    try {
      synchronized (appendLock) {
        appendHidden();
        writer.appendNext(
            seq -> op.build(new OpMeta(seq, Math.min(start, seq - 1), pid, tid, time, errno)));
      }
      return result;
    } catch (IOException | RuntimeException e) {
      if (failure.compareAndSet(null, e)) {
        LOG.debug("cannot append to the trace; the recording is incomplete", e); // close() says so
      }
      return -EIO;
    }
  }

  /**
   * What has completed as a request begins, for {@link OpMeta#startSeq()}: the last appended seq,
   * plus the held Unlink if there is one. That unlink was answered to the kernel already, and it
   * takes the next seq when anything is appended (appends flush it first), so a request that began
   * after it (an fsync of the directory, say) must count it as covered. If the hiding turns out to
   * be half of one Rename, that Rename takes the same seq.
   */
  private long startSeq() {
    synchronized (appendLock) {
      return hidden != null ? writer.lastSeq() + 1 : writer.lastSeq();
    }
  }

  /** Appends the held Unlink of a hidden file, if any. Call with {@link #appendLock} held. */
  private void appendHidden() throws IOException {
    Hidden h = hidden;
    if (h == null) {
      return;
    }
    hidden = null;
    writer.appendNext(seq -> new TraceOp.Unlink(
        new OpMeta(seq, Math.min(h.start(), seq - 1), h.pid(), h.tid(), h.time(), 0), h.parent(),
        h.name(), h.inode(), h.dirMtime()));
  }

  /** Takes the held hiding if this thread is now renaming onto the hidden name. */
  private Hidden takeHiddenFor(String dst, long srcInode) {
    synchronized (appendLock) {
      Hidden h = hidden;
      // When the hidden file is the renamed file itself (a rename between two links of one file
      // whose destination was open), libfuse's hiding really removed the destination name and the
      // rename then moved the source onto it: an Unlink and a Rename, not a Rename that does
      // nothing (which rename(2) would have done).
      if (h != null
          && h.thread() == Thread.currentThread().getId()
          && h.path().equals(dst)
          && h.inode() != srcInode) {
        hidden = null;
        return h;
      }
      return null;
    }
  }

  /** Appends what is held back; the recorder calls this once nothing else can arrive. */
  void flushHeld() throws IOException {
    synchronized (appendLock) {
      appendHidden();
    }
  }

  private int callerTid() {
    Pointer ctx = LibFuse.fuse_get_context();
    return ctx == null ? 0 : ctx.getInt(Layout.CTX_PID);
  }

  private static final class Caller {
    final int pid;
    final int tid;

    Caller(int pid, int tid) {
      this.pid = pid;
      this.tid = tid;
    }
  }

  private Caller caller() {
    int tid = callerTid();
    return new Caller(processes.processOf(tid), tid);
  }

  /** Stat of a mount path through the wrapped file system, into this thread's buffer. */
  private Memory stat(Pointer path) {
    Memory st = statBuf.get();
    return delegate.getattr(path, st, null) == 0 ? st : null;
  }

  private Memory stat(String path) {
    return stat(cString(path));
  }

  private Memory statHandle(Pointer fi) {
    Memory st = statBuf.get();
    return delegate.getattr(null, st, fi) == 0 ? st : null;
  }

  private Pointer cString(String s) {
    byte[] b = RawNames.encode(s);
    Memory m = b.length + 1 <= 8192 ? pathBuf.get() : new Memory(b.length + 1L);
    m.write(0, b, 0, b.length);
    m.setByte(b.length, (byte) 0);
    return m;
  }

  private long idOf(Memory st) {
    return st == null ? 0 : inodes.idFor(st.getLong(Layout.ST_DEV), st.getLong(Layout.ST_INO));
  }

  private long idOf(Pointer path) {
    return idOf(stat(path));
  }

  /** What a stat showed: the recorder id and the attributes an op records (-1: no stat). */
  private record Made(long id, int mode, int uid, int gid, long mtime) {
    static final Made NONE = new Made(0, -1, -1, -1, TraceOp.UNKNOWN);
  }

  private Made made(Memory st) {
    return made(st, false);
  }

  /** {@link #made} for an inode the op just created: a fresh id ({@link InodeTable#fresh}). */
  private Made madeNew(Memory st) {
    return made(st, true);
  }

  private Made made(Memory st, boolean created) {
    if (st == null) {
      return Made.NONE;
    }
    return new Made(
        created
            ? inodes.fresh(st.getLong(Layout.ST_DEV), st.getLong(Layout.ST_INO))
            : idOf(st),
        st.getInt(Layout.ST_MODE) & 07777,
        st.getInt(Layout.ST_UID),
        st.getInt(Layout.ST_GID),
        mtimeOf(st));
  }

  private static long mtimeOf(Memory st) {
    return st == null
        ? TraceOp.UNKNOWN
        : st.getLong(Layout.ST_MTIM + Layout.TS_SEC) * 1_000_000_000L
            + st.getLong(Layout.ST_MTIM + Layout.TS_NSEC);
  }

  /** The mtime of the file behind {@code fi} (or {@code path}) now, -1 when it cannot be read. */
  private long mtimeNow(Pointer path, Pointer fi) {
    Memory st = fi != null ? statHandle(fi) : path != null ? stat(path) : null;
    return mtimeOf(st);
  }

  /** The parent directory of {@code path} after an op: its id and mtime. */
  private Made parentMade(String path) {
    return made(stat(parentOf(path)));
  }

  /**
   * Whether a request would make a file larger than an image holds ({@link FsImage#MAX_FILE_SIZE}):
   * such a request is refused with EFBIG (a trace holding it could not be replayed), and said so
   * once in the log.
   */
  private boolean tooLarge(long end, String what) {
    if (end <= FsImage.MAX_FILE_SIZE && end >= 0) {
      return false;
    }
    if (!warnedTooLarge) {
      warnedTooLarge = true;
      LOG.warn(
          "refused a {} ending at byte {} with EFBIG: Blackout replays files of up to {} bytes"
              + " (64 GiB) only",
          what, end, FsImage.MAX_FILE_SIZE);
    }
    return true;
  }

  private volatile boolean warnedTooLarge;

  /**
   * Whether the image replays fallocate {@code mode}: 0, KEEP_SIZE, PUNCH_HOLE|KEEP_SIZE and
   * ZERO_RANGE (with or without KEEP_SIZE). COLLAPSE_RANGE, INSERT_RANGE and UNSHARE_RANGE move or
   * share data no op describes: they are refused with EOPNOTSUPP, as file systems without them do.
   */
  private static boolean replayable(int mode) {
    int keep = TraceOp.Fallocate.KEEP_SIZE;
    return mode == 0
        || mode == keep
        || mode == (TraceOp.Fallocate.PUNCH_HOLE | keep)
        || (mode & ~keep) == TraceOp.Fallocate.ZERO_RANGE;
  }

  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  private static String nameOf(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private long parentId(String path) {
    return idOf(stat(parentOf(path)));
  }

  /** True when the stat names something whose last link is the one being removed. */
  private static boolean lastLink(long nlink, int mode) {
    return nlink <= 1 || (mode & 0170000) == 0040000;
  }

  /** The handle {@code fi} names, or {@link #NO_HANDLE}; never null. */
  private Handle handle(Pointer fi) {
    return fi == null ? NO_HANDLE : handles.getOrDefault(FileInfo.fh(fi), NO_HANDLE);
  }

  private Handle register(Pointer fi, long inode) {
    Handle h = new Handle(nextHandle.getAndIncrement(), inode, FileInfo.flags(fi));
    handles.put(FileInfo.fh(fi), h);
    return h;
  }

  // ---------------------------------------------------------------- files

  @Override
  public int create(Pointer path, int mode, Pointer fi) {
    long start = startSeq();
    Caller c = caller();
    String p = NativeStrings.string(path);
    // The kernel holds the directory's lock around the request: whether the name existed before
    // says whether this create made a new inode or opened an old one.
    boolean existed = stat(path) != null;
    int r = delegate.create(path, mode, fi);
    int flags = FileInfo.flags(fi);
    if (r < 0) {
      long parent = parentId(p);
      return record(
          start,
          c.pid,
          c.tid,
          r,
          m -> new TraceOp.Create(m, parent, nameOf(p), 0, mode & 07777, 0, flags));
    }
    Memory st = statHandle(fi);
    Made f = existed ? made(st) : madeNew(st);
    long inode = f.id();
    Handle h = register(fi, inode);
    if (existed) {
      long mtime = OpenFlags.has(flags, OpenFlags.O_TRUNC) ? f.mtime() : TraceOp.UNKNOWN;
      return record(
          start, c.pid, c.tid, r, m -> new TraceOp.Open(m, inode, h.id(), flags, mtime));
    }
    Made dir = parentMade(p);
    int perm = f.mode() != -1 ? f.mode() : mode & 07777;
    return record(
        start,
        c.pid,
        c.tid,
        r,
        m -> new TraceOp.Create(m, dir.id(), nameOf(p), inode, perm, h.id(), flags, f.uid(),
            f.gid(), f.mtime(), dir.mtime()));
  }

  @Override
  public int open(Pointer path, Pointer fi) {
    long start = startSeq();
    Caller c = caller();
    int r = delegate.open(path, fi);
    int flags = FileInfo.flags(fi);
    if (r < 0) {
      long inode = path == null ? 0 : idOf(path);
      return record(start, c.pid, c.tid, r, m -> new TraceOp.Open(m, inode, 0, flags));
    }
    Memory st = statHandle(fi);
    long inode = idOf(st);
    long mtime = OpenFlags.has(flags, OpenFlags.O_TRUNC) ? mtimeOf(st) : TraceOp.UNKNOWN;
    Handle h = register(fi, inode);
    return record(
        start, c.pid, c.tid, r, m -> new TraceOp.Open(m, inode, h.id(), flags, mtime));
  }

  @Override
  public int write(Pointer path, Pointer buf, long size, long offset, Pointer fi) {
    long start = startSeq();
    boolean writeback = FileInfo.writepage(fi);
    int tid = writeback ? 0 : callerTid();
    int pid = writeback ? 0 : processes.processOf(tid);
    Handle h = handle(fi);
    long inode = h.inode();
    long hid = h.id();
    int flags = FileInfo.flags(fi);
    // Page writeback does not take the inode's lock, so it can race with write(2) on the same
    // bytes: the file's stripe lock keeps the trace in the order the backing file saw.
    synchronized (stripe(inode)) {
      long at = offset;
      if (!writeback && OpenFlags.has(flags, OpenFlags.O_APPEND)) {
        // An append goes to the end of the file. The kernel sends the size it last saw through
        // this name, which is stale when the file grew through another link of it (libfuse gives
        // each name its own kernel inode); the backing file's size is the end. The stripe lock
        // keeps it from moving until the write is recorded.
        Memory st = statHandle(fi);
        if (st != null) {
          at = st.getLong(Layout.ST_SIZE);
        }
      }
      long where = at;
      int r = tooLarge(where + size, "write") ? -EFBIG : delegate.write(path, buf, size, where, fi);
      Payload data = r > 0 ? Payload.wrap(buf.getByteBuffer(0, r)) : Payload.empty();
      long mtime = r > 0 ? mtimeNow(path, fi) : TraceOp.UNKNOWN;
      return record(
          start, pid, tid, r, m -> new TraceOp.Write(m, inode, hid, where, data, flags, mtime));
    }
  }

  private final Object[] stripes = new Object[64];

  {
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Object();
    }
  }

  /** The lock that orders changes to the data of {@code inode}: backing file and trace alike. */
  private Object stripe(long inode) {
    return stripes[(int) (inode & (stripes.length - 1))];
  }

  @Override
  public long copyFileRange(
      Pointer pathIn,
      Pointer fiIn,
      long offsetIn,
      Pointer pathOut,
      Pointer fiOut,
      long offsetOut,
      long length,
      int flags) {
    long start = startSeq();
    Caller c = caller();
    long r =
        tooLarge(offsetOut + length, "copy_file_range")
            ? -EFBIG
            : delegate.copyFileRange(pathIn, fiIn, offsetIn, pathOut, fiOut, offsetOut, length, flags);
    Handle h = handle(fiOut);
    long inode = h.inode();
    long hid = h.id();
    int openFlags = FileInfo.flags(fiOut);
    if (r <= 0) {
      int rr =
          record(
              start,
              c.pid,
              c.tid,
              (int) r,
              m -> new TraceOp.Write(m, inode, hid, offsetOut, Payload.empty(), openFlags));
      return rr < 0 && r >= 0 ? rr : r;
    }
    // The kernel never shows us the bytes: read them back from the source, chunk by chunk (the
    // destination may be open write-only).
    Memory chunk = copyBuf.get();
    int fd = (int) FileInfo.fh(fiIn);
    for (long done = 0; done < r; ) {
      long n = Math.min(COPY_CHUNK, r - done);
      long got = LibC.pread(fd, chunk, n, offsetIn + done);
      if (got <= 0) {
        IOException e =
            new IOException(
                "cannot read back the "
                    + r
                    + " bytes copy_file_range"
                    + " copied (errno "
                    + (got < 0 ? LibC.errno() : 0)
                    + ")");
        if (failure.compareAndSet(null, e)) {
          LOG.debug("the recording is incomplete", e); // close() says so
        }
        return -EIO;
      }
      long at = offsetOut + done;
      Payload data = Payload.wrap(chunk.getByteBuffer(0, got));
      if (record(start, c.pid, c.tid, 0,
              m -> new TraceOp.Write(m, inode, hid, at, data, openFlags, mtimeNow(pathOut, fiOut)))
          < 0) {
        return -EIO;
      }
      done += got;
    }
    return r;
  }

  @Override
  public int truncate(Pointer path, long size, Pointer fi) {
    long start = startSeq();
    Caller c = caller();
    Handle h = handle(fi);
    long inode = h != NO_HANDLE ? h.inode() : idOf(path);
    long hid = h.id();
    synchronized (stripe(inode)) {
      int r = tooLarge(size, "truncate") ? -EFBIG : delegate.truncate(path, size, fi);
      long mtime = r == 0 ? mtimeNow(path, fi) : TraceOp.UNKNOWN;
      return record(
          start, c.pid, c.tid, r, m -> new TraceOp.Truncate(m, inode, hid, size, mtime));
    }
  }

  @Override
  public int fallocate(Pointer path, int mode, long offset, long length, Pointer fi) {
    long start = startSeq();
    Caller c = caller();
    Handle h = handle(fi);
    long inode = h.inode();
    long hid = h.id();
    boolean grows = (mode & TraceOp.Fallocate.KEEP_SIZE) == 0;
    synchronized (stripe(inode)) {
      int r =
          !replayable(mode)
              ? -EOPNOTSUPP
              : grows && tooLarge(offset + length, "fallocate")
                  ? -EFBIG
                  : delegate.fallocate(path, mode, offset, length, fi);
      long mtime = r == 0 ? mtimeNow(path, fi) : TraceOp.UNKNOWN;
      return record(
          start,
          c.pid,
          c.tid,
          r,
          m -> new TraceOp.Fallocate(
              m, inode, hid, mode, Math.max(0, offset), Math.max(0, length), mtime));
    }
  }

  @Override
  public int flush(Pointer path, Pointer fi) {
    long start = startSeq();
    Caller c = caller();
    int r = delegate.flush(path, fi);
    Handle h = handle(fi);
    long inode = h.inode();
    long hid = h.id();
    return record(start, c.pid, c.tid, r, m -> new TraceOp.Flush(m, inode, hid));
  }

  @Override
  public int release(Pointer path, Pointer fi) {
    long start = startSeq();
    // Forget the handle before the descriptor is closed and its number can be reused.
    Handle h = handles.remove(FileInfo.fh(fi));
    h = h == null ? NO_HANDLE : h;
    int r = delegate.release(path, fi);
    long inode = h.inode();
    long hid = h.id();
    return record(start, 0, 0, r, m -> new TraceOp.Release(m, inode, hid));
  }

  @Override
  public int fsync(Pointer path, int datasync, Pointer fi) {
    long start = startSeq();
    Caller c = caller();
    int r = delegate.fsync(path, datasync, fi);
    Handle h = handle(fi);
    long inode = h.inode();
    long hid = h.id();
    return record(
        start,
        c.pid,
        c.tid,
        r,
        m ->
            datasync != 0
                ? new TraceOp.Fdatasync(m, inode, hid)
                : new TraceOp.Fsync(m, inode, hid));
  }

  // ---------------------------------------------------------------- directories

  @Override
  public int opendir(Pointer path, Pointer fi) {
    int r = delegate.opendir(path, fi);
    if (r == 0) {
      register(fi, idOf(statHandle(fi)));
    }
    return r;
  }

  @Override
  public int releasedir(Pointer path, Pointer fi) {
    handles.remove(FileInfo.fh(fi));
    return delegate.releasedir(path, fi);
  }

  @Override
  public int fsyncdir(Pointer path, int datasync, Pointer fi) {
    long start = startSeq();
    Caller c = caller();
    int r = delegate.fsyncdir(path, datasync, fi);
    Handle h = handle(fi);
    long inode = h.inode();
    long hid = h.id();
    return record(start, c.pid, c.tid, r, m -> new TraceOp.Fsyncdir(m, inode, hid));
  }

  @Override
  public int mkdir(Pointer path, int mode) {
    long start = startSeq();
    Caller c = caller();
    String p = NativeStrings.string(path);
    int r = delegate.mkdir(path, mode);
    Made f = r == 0 ? madeNew(stat(path)) : Made.NONE;
    Made dir = parentMade(p);
    int perm = f.mode() != -1 ? f.mode() : mode & 07777;
    return record(
        start, c.pid, c.tid, r,
        m -> new TraceOp.Mkdir(m, dir.id(), nameOf(p), f.id(), perm, f.uid(), f.gid(), f.mtime(),
            dir.mtime()));
  }

  @Override
  public int mknod(Pointer path, int mode, long rdev) {
    long start = startSeq();
    Caller c = caller();
    String p = NativeStrings.string(path);
    int r = delegate.mknod(path, mode, rdev);
    Made f = r == 0 ? madeNew(stat(path)) : Made.NONE;
    Made dir = parentMade(p);
    int full = f.mode() != -1 ? (mode & ~07777) | f.mode() : mode;
    return record(
        start, c.pid, c.tid, r,
        m -> new TraceOp.Mknod(m, dir.id(), nameOf(p), f.id(), full, rdev, f.uid(), f.gid(),
            f.mtime(), dir.mtime()));
  }

  @Override
  public int symlink(Pointer target, Pointer linkPath) {
    long start = startSeq();
    Caller c = caller();
    String p = NativeStrings.string(linkPath);
    String t = NativeStrings.string(target);
    int r = delegate.symlink(target, linkPath);
    Made f = r == 0 ? madeNew(stat(linkPath)) : Made.NONE;
    Made dir = parentMade(p);
    return record(
        start, c.pid, c.tid, r,
        m -> new TraceOp.Symlink(m, dir.id(), nameOf(p), f.id(), t, f.uid(), f.gid(), f.mtime(),
            dir.mtime()));
  }

  @Override
  public int link(Pointer from, Pointer to) {
    long start = startSeq();
    Caller c = caller();
    String p = NativeStrings.string(to);
    long inode = idOf(from);
    int r = delegate.link(from, to);
    Made dir = parentMade(p);
    return record(
        start, c.pid, c.tid, r,
        m -> new TraceOp.Link(m, inode, dir.id(), nameOf(p), dir.mtime()));
  }

  @Override
  public int unlink(Pointer path) {
    String p = NativeStrings.string(path);
    Snapshot before = snapshot(stat(path));
    if (HiddenFiles.isHiddenName(p)) {
      // libfuse removing the name it hid a file unlinked while open under (at its last close):
      // the Unlink was recorded when it was hidden; only now may its identity be forgotten.
      int r = delegate.unlink(path);
      if (r == 0 && before != null && before.nlink() == 0) {
        inodes.forget(before.dev(), before.ino(), before.id());
      }
      return r;
    }
    long start = startSeq();
    Caller c = caller();
    return removeEntry(start, c, p, delegate.unlink(path), before, false, true);
  }

  /** A stat before an op, with the recorder id the file had then. */
  private record Snapshot(long dev, long ino, long nlink, int mode, long id) {}

  private Snapshot snapshot(Memory st) {
    return st == null
        ? null
        : new Snapshot(
            st.getLong(Layout.ST_DEV),
            st.getLong(Layout.ST_INO),
            st.getLong(Layout.ST_NLINK),
            st.getInt(Layout.ST_MODE),
            idOf(st));
  }

  private int removeEntry(
      long start, Caller c, String p, int r, Snapshot before, boolean dir, boolean forget) {
    Made d = parentMade(p);
    long parent = d.id();
    long dirMtime = d.mtime();
    long inode = before == null ? 0 : before.id();
    if (forget && r == 0 && before != null && lastLink(before.nlink(), before.mode())) {
      inodes.forget(before.dev(), before.ino(), inode);
    }
    String name = nameOf(p);
    return record(
        start,
        c.pid,
        c.tid,
        r,
        m ->
            dir
                ? new TraceOp.Rmdir(m, parent, name, inode, dirMtime)
                : new TraceOp.Unlink(m, parent, name, inode, dirMtime));
  }

  @Override
  public int rmdir(Pointer path) {
    long start = startSeq();
    Caller c = caller();
    String p = NativeStrings.string(path);
    Snapshot before = snapshot(stat(path));
    return removeEntry(start, c, p, delegate.rmdir(path), before, true, true);
  }

  @Override
  public int rename(Pointer from, Pointer to, int flags) {
    long start = startSeq();
    Caller c = caller();
    String src = NativeStrings.string(from);
    String dst = NativeStrings.string(to);
    String heldDst = heldForRename.get();
    heldForRename.remove();
    if (flags == 0 && HiddenFiles.isHiddenName(dst)) {
      // libfuse hiding a file unlinked (or replaced) while open: for the trace, an unlink.
      Snapshot before = snapshot(stat(from));
      // The inode lives on under the hidden name (its number cannot be reused yet), and fchmod,
      // futimens... of the open file arrive by that name: keep its identity until it is unlinked.
      int r = delegate.rename(from, to, flags);
      if (r != 0 || before == null) {
        return removeEntry(start, c, src, r, before, false, false);
      }
      Snapshot still = snapshot(stat(from));
      if (still != null && still.dev() == before.dev() && still.ino() == before.ino()) {
        // The passthrough only held the name (the caller is renaming onto it, HiddenFiles): no
        // unlink happened; the rename that follows on this thread is recorded as what it does.
        heldForRename.set(src);
        return 0;
      }
      // Held: if this thread now renames onto src, the pair is one Rename (see #hidden).
      Made dir = parentMade(src);
      Hidden h = new Hidden(start, c.pid, c.tid, Thread.currentThread().getId(), src,
          dir.id(), nameOf(src), before.id(), now(), dir.mtime());
      try {
        synchronized (appendLock) {
          appendHidden();
          hidden = h;
        }
      } catch (IOException | RuntimeException e) {
        if (failure.compareAndSet(null, e)) {
          // close() reports it
          LOG.debug("cannot append to the trace; the recording is incomplete", e);
        }
        return -EIO;
      }
      return 0;
    }
    Snapshot s = snapshot(stat(from));
    Snapshot d = snapshot(stat(to));
    long inode = s == null ? 0 : s.id();
    long replaced = d == null ? 0 : d.id();
    int known = TraceOp.Rename.RENAME_NOREPLACE | TraceOp.Rename.RENAME_EXCHANGE;
    // RENAME_WHITEOUT would leave a whiteout (a new device inode) at the source that no op
    // creates: refused, as a file system without whiteouts does (docs/recorder.md).
    int r = (flags & ~known) != 0 ? -EINVAL : delegate.rename(from, to, flags);
    // libfuse hides an open destination (one held Unlink) before any rename, whatever its flags.
    // Only a plain rename that succeeded is the one atomic replace the application asked for; a
    // failed one, or one with flags, leaves the hiding as the Unlink it was.
    Hidden replacing = r == 0 && flags == 0 ? takeHiddenFor(dst, s == null ? 0 : s.id()) : null;
    if (replacing != null) {
      start = Math.min(start, replacing.start());
    }
    if (r == 0
        && d != null
        && replaced != inode
        && (flags & TraceOp.Rename.RENAME_EXCHANGE) == 0
        && !dst.equals(heldDst) // a held file lives on under libfuse's hidden name
        && lastLink(d.nlink(), d.mode())) {
      inodes.forget(d.dev(), d.ino(), replaced);
    }
    Made srcDir = parentMade(src);
    Made dstDir = parentMade(dst);
    // Onto another link of the same file, replaced == inode: rename(2) then does nothing.
    long rep = replacing != null ? replacing.inode() : replaced;
    return record(
        start,
        c.pid,
        c.tid,
        r,
        m ->
            new TraceOp.Rename(
                m, srcDir.id(), nameOf(src), dstDir.id(), nameOf(dst), inode, rep, flags,
                srcDir.mtime(), dstDir.mtime()));
  }

  // ---------------------------------------------------------------- attributes

  private long inodeOf(Pointer path, Pointer fi) {
    Handle h = handle(fi);
    if (h != NO_HANDLE) {
      return h.inode();
    }
    return path == null ? 0 : idOf(path);
  }

  @Override
  public int chmod(Pointer path, int mode, Pointer fi) {
    long start = startSeq();
    Caller c = caller();
    long inode = inodeOf(path, fi);
    int r = delegate.chmod(path, mode, fi);
    Made f = r == 0 ? made(fi != null ? statHandle(fi) : stat(path)) : Made.NONE;
    int result = f.mode() != -1 ? f.mode() : mode & 07777;
    return record(start, c.pid, c.tid, r, m -> new TraceOp.Chmod(m, inode, result));
  }

  @Override
  public int chown(Pointer path, int uid, int gid, Pointer fi) {
    long start = startSeq();
    Caller c = caller();
    long inode = inodeOf(path, fi);
    int r = delegate.chown(path, uid, gid, fi);
    int mode = r == 0 ? made(fi != null ? statHandle(fi) : stat(path)).mode() : -1;
    return record(start, c.pid, c.tid, r, m -> new TraceOp.Chown(m, inode, uid, gid, mode));
  }

  @Override
  public int utimens(Pointer path, Pointer times, Pointer fi) {
    long start = startSeq();
    Caller c = caller();
    long inode = inodeOf(path, fi);
    int r = delegate.utimens(path, times, fi);
    long atime = -1;
    long mtime = -1;
    if (r == 0) {
      Memory st = fi != null ? statHandle(fi) : stat(path);
      atime = chosenTime(times, 0, st, Layout.ST_ATIM);
      mtime = chosenTime(times, Layout.TIMESPEC_SIZE, st, Layout.ST_MTIM);
    }
    long a = atime;
    long mt = mtime;
    return record(start, c.pid, c.tid, r, m -> new TraceOp.SetTimes(m, inode, a, mt));
  }

  /** -1 for UTIME_OMIT, else the time the file now has (covers UTIME_NOW and NULL). */
  private static long chosenTime(Pointer times, int off, Memory st, int statOff) {
    if (times != null && times.getLong(off + Layout.TS_NSEC) == Layout.UTIME_OMIT) {
      return -1;
    }
    if (st == null) {
      return -1;
    }
    return st.getLong(statOff + Layout.TS_SEC) * 1_000_000_000L
        + st.getLong(statOff + Layout.TS_NSEC);
  }

  @Override
  public int setxattr(Pointer path, Pointer name, Pointer value, long size, int flags) {
    long start = startSeq();
    Caller c = caller();
    long inode = idOf(path);
    String n = NativeStrings.string(name);
    Payload v = Payload.of(value == null ? new byte[0] : value.getByteArray(0, (int) size));
    int r = delegate.setxattr(path, name, value, size, flags);
    return record(start, c.pid, c.tid, r, m -> new TraceOp.SetXattr(m, inode, n, v, flags));
  }

  @Override
  public int removexattr(Pointer path, Pointer name) {
    long start = startSeq();
    Caller c = caller();
    long inode = idOf(path);
    String n = NativeStrings.string(name);
    int r = delegate.removexattr(path, name);
    return record(start, c.pid, c.tid, r, m -> new TraceOp.RemoveXattr(m, inode, n));
  }

  /** Appends a marker from a Java caller or the control socket. */
  long mark(String text, int pid) throws IOException {
    long start = startSeq();
    long time = now();
    synchronized (appendLock) {
      appendHidden();
      return writer.appendNext(
          seq ->
              new TraceOp.Marker(new OpMeta(seq, Math.min(start, seq - 1), pid, 0, time, 0), text));
    }
  }
}
