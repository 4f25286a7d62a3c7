package dev.blackout.core.testing;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.OpMeta;
import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import dev.blackout.core.trace.TraceWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Writes traces by hand, for tests (test-only; ships in the fault-core test-jar).
 *
 * <p>The builder assigns sequence numbers (1, 2, ...), inode ids (the root is {@link #ROOT}; new
 * files get the next free id) and handles, and keeps its own directory map of (parent, name) to
 * inode, so that unlink, rmdir and rename fill their {@code inode}/{@code replaced} fields by
 * themselves. Files are named by inode id everywhere; handles are implicit: {@link #create} and
 * {@link #open} push a handle for the inode, and write/fsync/flush/... use the inode's most recently
 * opened handle that is still open (0 if none). {@link #close} is flush plus release of that handle.
 *
 * <pre>{@code
 * TraceBuilder b = TraceBuilder.create().file("old", "v1".getBytes());
 * long f = b.create(ROOT, "tmp");
 * b.write(f, 0, "hello".getBytes());
 * b.fsync(f);
 * b.rename(ROOT, "tmp", ROOT, "old");      // replaced = the inode of "old"
 * b.fsyncdir(ROOT);
 * b.marker("ack 1");
 * b.close(f);                              // flush + release
 * b.failing(ENOENT).unlink(ROOT, "gone");  // a failed op: recorded, changes nothing
 * Trace t = b.build();
 * }</pre>
 *
 * <p>Initial-image entries ({@link #file}, {@link #dir}, {@link #symlink(String, String)}, {@link
 * #hardlink}, {@link #fifo}) must come before the first op. Settings: {@link #pid}/{@link #thread}
 * and {@link #time} stick until changed; {@link #failing} and {@link #startSeq} apply to the next
 * op only. A successful op naming an entry the builder does not know is a mistake in the test and
 * throws {@link IllegalArgumentException}; a failed op never throws and changes no map.
 */
public final class TraceBuilder {

  public static final long ROOT = InitialImage.ROOT_INODE;

  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EIO = 5;
  public static final int EBADF = 9;
  public static final int EACCES = 13;
  public static final int EEXIST = 17;
  public static final int ENOTDIR = 20;
  public static final int EISDIR = 21;
  public static final int EINVAL = 22;
  public static final int ENOSPC = 28;
  public static final int ENOTEMPTY = 39;

  private final List<InitialImage.Entry> entries = new ArrayList<>();
  private final Map<String, Long> imagePaths = new HashMap<>();
  private final Map<Long, Map<String, Long>> dirs = new HashMap<>();
  private final Map<Long, Deque<Long>> openHandles = new HashMap<>();
  private final Map<Long, Integer> handleFlags = new HashMap<>();
  private final List<TraceOp> ops = new ArrayList<>();

  private long nextInode;
  private long nextHandle = 1;
  private int pid;
  private int tid;
  private long timeNanos;
  private int pendingErrno;
  private long pendingStartSeq = -1;

  private TraceBuilder(InitialImage image) {
    long maxInode = ROOT;
    for (InitialImage.Entry e : image.entries()) {
      entries.add(e);
      imagePaths.put(e.path(), e.inode());
      maxInode = Math.max(maxInode, e.inode());
      if (e.type() == FileType.DIRECTORY) {
        dirs.computeIfAbsent(e.inode(), k -> new LinkedHashMap<>());
      }
      if (!e.path().isEmpty()) {
        int slash = e.path().lastIndexOf('/');
        String parentPath = slash < 0 ? "" : e.path().substring(0, slash);
        Long parent = imagePaths.get(parentPath);
        if (parent == null || !dirs.containsKey(parent)) {
          throw new IllegalArgumentException(
              "image entry '" + e.path() + "' comes before its parent directory");
        }
        dirs.get(parent).put(e.path().substring(slash + 1), e.inode());
      }
    }
    if (!Long.valueOf(ROOT).equals(imagePaths.get(""))) {
      throw new IllegalArgumentException("the image has no root entry with inode " + ROOT);
    }
    this.nextInode = maxInode + 1;
  }

  /** A builder whose initial image is an empty root directory. */
  public static TraceBuilder create() {
    return new TraceBuilder(InitialImage.emptyRoot());
  }

  /** A builder starting from {@code image} (root first, parents before children). */
  public static TraceBuilder from(InitialImage image) {
    return new TraceBuilder(image);
  }

  // ---------------------------------------------------------------- initial image

  /** Adds regular file {@code path} (mode 0644) holding {@code content} to the initial image. */
  public TraceBuilder file(String path, byte[] content) {
    return file(path, Payload.of(content), 0644);
  }

  /** Adds regular file {@code path} holding {@code content} with {@code mode}. */
  public TraceBuilder file(String path, Payload content, int mode) {
    return imageEntry(path, FileType.REGULAR, mode, content, null);
  }

  /** Adds directory {@code path} (mode 0755) to the initial image. */
  public TraceBuilder dir(String path) {
    return imageEntry(path, FileType.DIRECTORY, 0755, Payload.empty(), null);
  }

  /** Adds symlink {@code path} pointing at {@code target} to the initial image. */
  public TraceBuilder symlink(String path, String target) {
    return imageEntry(path, FileType.SYMLINK, 0777, Payload.empty(), target);
  }

  /** Adds a FIFO at {@code path} (mode 0644) to the initial image. */
  public TraceBuilder fifo(String path) {
    return imageEntry(path, FileType.FIFO, 0644, Payload.empty(), null);
  }

  /** Adds {@code newPath} to the initial image as a hard link to the existing {@code existing}. */
  public TraceBuilder hardlink(String existing, String newPath) {
    InitialImage.Entry first = null;
    for (InitialImage.Entry e : entries) {
      if (e.path().equals(existing)) {
        first = e;
      }
    }
    if (first == null || first.type() == FileType.DIRECTORY) {
      throw new IllegalArgumentException("no linkable image entry '" + existing + "'");
    }
    requireNoOps();
    long parent = imageParent(newPath);
    InitialImage.Entry e =
        new InitialImage.Entry(
            newPath,
            first.inode(),
            first.type(),
            first.mode(),
            first.uid(),
            first.gid(),
            first.mtimeNanos(),
            Payload.empty(),
            first.linkTarget());
    entries.add(e);
    imagePaths.put(newPath, first.inode());
    dirs.get(parent).put(baseName(newPath), first.inode());
    return this;
  }

  private TraceBuilder imageEntry(
      String path, FileType type, int mode, Payload content, String target) {
    requireNoOps();
    long parent = imageParent(path);
    long inode = nextInode++;
    entries.add(new InitialImage.Entry(path, inode, type, mode, 0, 0, 0L, content, target));
    imagePaths.put(path, inode);
    dirs.get(parent).put(baseName(path), inode);
    if (type == FileType.DIRECTORY) {
      dirs.put(inode, new LinkedHashMap<>());
    }
    return this;
  }

  private long imageParent(String path) {
    if (path.isEmpty() || imagePaths.containsKey(path)) {
      throw new IllegalArgumentException("image path '" + path + "' is empty or already present");
    }
    int slash = path.lastIndexOf('/');
    String parentPath = slash < 0 ? "" : path.substring(0, slash);
    Long parent = imagePaths.get(parentPath);
    if (parent == null || !dirs.containsKey(parent)) {
      throw new IllegalArgumentException(
          "image path '" + path + "': parent directory '" + parentPath + "' is not in the image");
    }
    return parent;
  }

  private static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private void requireNoOps() {
    if (!ops.isEmpty()) {
      throw new IllegalStateException("initial-image entries must come before the first op");
    }
  }

  // ---------------------------------------------------------------- settings

  /** The next op fails with {@code errno} (positive): it is recorded and changes nothing. */
  public TraceBuilder failing(int errno) {
    if (errno <= 0) {
      throw new IllegalArgumentException("errno (" + errno + ") must be positive");
    }
    this.pendingErrno = errno;
    return this;
  }

  /** The next op began after op {@code startSeq} had completed (default: the previous op). */
  public TraceBuilder startSeq(long startSeq) {
    this.pendingStartSeq = startSeq;
    return this;
  }

  /** Following ops come from process {@code pid} (default 0). */
  public TraceBuilder pid(int pid) {
    this.pid = pid;
    return this;
  }

  /** Following ops come from thread {@code tid} (default 0). */
  public TraceBuilder thread(int tid) {
    this.tid = tid;
    return this;
  }

  /** Following ops carry completion time {@code nanos} (default 0). */
  public TraceBuilder time(long nanos) {
    this.timeNanos = nanos;
    return this;
  }

  // ---------------------------------------------------------------- lookups

  /** The inode of initial-image path {@code path} or of an entry created since ('/'-separated). */
  public long inode(String path) {
    long at = ROOT;
    if (path.isEmpty()) {
      return at;
    }
    for (String part : path.split("/", -1)) {
      Long next = dirs.getOrDefault(at, Map.of()).get(part);
      if (next == null) {
        throw new IllegalArgumentException("no entry '" + path + "'");
      }
      at = next;
    }
    return at;
  }

  /** The inode {@code parent/name} names now, 0 if none. */
  public long lookup(long parent, String name) {
    return dirs.getOrDefault(parent, Map.of()).getOrDefault(name, 0L);
  }

  /** The handle write/fsync/... on {@code inode} would use now (0 if the inode is not open). */
  public long handle(long inode) {
    Deque<Long> hs = openHandles.get(inode);
    return hs == null || hs.isEmpty() ? 0 : hs.peek();
  }

  /** The seq of the last op added, 0 before the first. */
  public long lastSeq() {
    return ops.size();
  }

  public List<TraceOp> ops() {
    return List.copyOf(ops);
  }

  public InitialImage image() {
    return new InitialImage(entries);
  }

  // ---------------------------------------------------------------- namespace ops

  /** Creates and opens a regular file (mode 0644, O_CREAT|O_WRONLY); returns its inode. */
  public long create(long parent, String name) {
    return create(parent, name, 0644, OpenFlags.O_CREAT | OpenFlags.O_WRONLY);
  }

  /** Creates and opens a regular file; returns its inode (0 when failing). */
  public long create(long parent, String name, int mode, int flags) {
    boolean ok = pendingErrno == 0;
    if (ok) {
      requireFreeName(parent, name);
    }
    long inode = ok ? nextInode++ : 0;
    long handle = ok ? nextHandle++ : 0;
    add(m -> new TraceOp.Create(m, parent, name, inode, mode, handle, flags));
    if (ok) {
      dirs.get(parent).put(name, inode);
      pushHandle(inode, handle, flags);
    }
    return inode;
  }

  /** Creates a directory (mode 0755); returns its inode (0 when failing). */
  public long mkdir(long parent, String name) {
    return mkdir(parent, name, 0755);
  }

  public long mkdir(long parent, String name, int mode) {
    boolean ok = pendingErrno == 0;
    if (ok) {
      requireFreeName(parent, name);
    }
    long inode = ok ? nextInode++ : 0;
    add(m -> new TraceOp.Mkdir(m, parent, name, inode, mode));
    if (ok) {
      dirs.get(parent).put(name, inode);
      dirs.put(inode, new LinkedHashMap<>());
    }
    return inode;
  }

  /** Creates a special file; {@code mode} holds the type bits (e.g. 010644 for a FIFO). */
  public long mknod(long parent, String name, int mode, long rdev) {
    boolean ok = pendingErrno == 0;
    if (ok) {
      requireFreeName(parent, name);
    }
    long inode = ok ? nextInode++ : 0;
    add(m -> new TraceOp.Mknod(m, parent, name, inode, mode, rdev));
    if (ok) {
      dirs.get(parent).put(name, inode);
    }
    return inode;
  }

  /** Creates symlink {@code parent/name} pointing at {@code target}; returns its inode. */
  public long symlink(long parent, String name, String target) {
    boolean ok = pendingErrno == 0;
    if (ok) {
      requireFreeName(parent, name);
    }
    long inode = ok ? nextInode++ : 0;
    add(m -> new TraceOp.Symlink(m, parent, name, inode, target));
    if (ok) {
      dirs.get(parent).put(name, inode);
    }
    return inode;
  }

  /** Adds hard link {@code parent/name} to {@code inode}. */
  public TraceBuilder link(long inode, long parent, String name) {
    boolean ok = pendingErrno == 0;
    if (ok) {
      requireFreeName(parent, name);
    }
    add(m -> new TraceOp.Link(m, inode, parent, name));
    if (ok) {
      dirs.get(parent).put(name, inode);
    }
    return this;
  }

  /** Removes {@code parent/name}; open handles of its inode stay usable. */
  public TraceBuilder unlink(long parent, String name) {
    boolean ok = pendingErrno == 0;
    long inode = ok ? requireEntry(parent, name) : lookup(parent, name);
    add(m -> new TraceOp.Unlink(m, parent, name, inode));
    if (ok) {
      dirs.get(parent).remove(name);
    }
    return this;
  }

  /** Removes the (empty) directory {@code parent/name}. */
  public TraceBuilder rmdir(long parent, String name) {
    boolean ok = pendingErrno == 0;
    long inode = ok ? requireEntry(parent, name) : lookup(parent, name);
    if (ok && !dirs.getOrDefault(inode, Map.of()).isEmpty()) {
      throw new IllegalArgumentException("rmdir of non-empty directory '" + name + "'");
    }
    add(m -> new TraceOp.Rmdir(m, parent, name, inode));
    if (ok) {
      dirs.get(parent).remove(name);
      dirs.remove(inode);
    }
    return this;
  }

  /** Renames {@code srcParent/srcName} to {@code dstParent/dstName}, replacing what was there. */
  public TraceBuilder rename(long srcParent, String srcName, long dstParent, String dstName) {
    return rename(srcParent, srcName, dstParent, dstName, 0);
  }

  /** Rename with flags ({@link TraceOp.Rename#RENAME_NOREPLACE}, {@code RENAME_EXCHANGE}). */
  public TraceBuilder rename(
      long srcParent, String srcName, long dstParent, String dstName, int flags) {
    boolean ok = pendingErrno == 0;
    long inode = ok ? requireEntry(srcParent, srcName) : lookup(srcParent, srcName);
    long replaced = lookup(dstParent, dstName);
    if (ok) {
      requireDir(dstParent);
    }
    add(m -> new TraceOp.Rename(m, srcParent, srcName, dstParent, dstName, inode, replaced, flags));
    if (ok) {
      if ((flags & TraceOp.Rename.RENAME_EXCHANGE) != 0) {
        dirs.get(srcParent).put(srcName, replaced);
      } else {
        dirs.get(srcParent).remove(srcName);
      }
      dirs.get(dstParent).put(dstName, inode);
    }
    return this;
  }

  // ---------------------------------------------------------------- file ops

  /** Opens {@code inode} with {@code flags}; returns the new handle (0 when failing). */
  public long open(long inode, int flags) {
    boolean ok = pendingErrno == 0;
    long handle = ok ? nextHandle++ : 0;
    add(m -> new TraceOp.Open(m, inode, handle, flags));
    if (ok) {
      pushHandle(inode, handle, flags);
    }
    return handle;
  }

  /** Writes {@code bytes} at {@code offset} through the inode's current handle. */
  public TraceBuilder write(long inode, long offset, byte[] bytes) {
    return write(inode, offset, Payload.of(bytes));
  }

  /** Writes the UTF-8 bytes of {@code text} at {@code offset}. */
  public TraceBuilder write(long inode, long offset, String text) {
    return write(inode, offset, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code data} at {@code offset}; the write carries the current handle's open flags. */
  public TraceBuilder write(long inode, long offset, Payload data) {
    long handle = handle(inode);
    int flags = handleFlags.getOrDefault(handle, 0);
    add(m -> new TraceOp.Write(m, inode, handle, offset, data, flags));
    return this;
  }

  public TraceBuilder truncate(long inode, long size) {
    long handle = handle(inode);
    add(m -> new TraceOp.Truncate(m, inode, handle, size));
    return this;
  }

  /** fallocate(2) with {@code mode} ({@link TraceOp.Fallocate#KEEP_SIZE} etc.). */
  public TraceBuilder fallocate(long inode, int mode, long offset, long length) {
    long handle = handle(inode);
    add(m -> new TraceOp.Fallocate(m, inode, handle, mode, offset, length));
    return this;
  }

  public TraceBuilder chmod(long inode, int mode) {
    add(m -> new TraceOp.Chmod(m, inode, mode));
    return this;
  }

  public TraceBuilder chown(long inode, int uid, int gid) {
    add(m -> new TraceOp.Chown(m, inode, uid, gid));
    return this;
  }

  public TraceBuilder setTimes(long inode, long atimeNanos, long mtimeNanos) {
    add(m -> new TraceOp.SetTimes(m, inode, atimeNanos, mtimeNanos));
    return this;
  }

  public TraceBuilder setXattr(long inode, String name, byte[] value) {
    add(m -> new TraceOp.SetXattr(m, inode, name, Payload.of(value), 0));
    return this;
  }

  public TraceBuilder removeXattr(long inode, String name) {
    add(m -> new TraceOp.RemoveXattr(m, inode, name));
    return this;
  }

  /** One close(2) of the inode's current handle (the handle stays open). */
  public TraceBuilder flush(long inode) {
    long handle = handle(inode);
    add(m -> new TraceOp.Flush(m, inode, handle));
    return this;
  }

  /** The last close of the inode's current handle; the handle is gone afterwards. */
  public TraceBuilder release(long inode) {
    long handle = handle(inode);
    boolean ok = pendingErrno == 0;
    add(m -> new TraceOp.Release(m, inode, handle));
    if (ok && handle != 0) {
      openHandles.get(inode).pop();
      handleFlags.remove(handle);
    }
    return this;
  }

  /** close(2) of the last descriptor: {@link #flush} then {@link #release}. */
  public TraceBuilder close(long inode) {
    int errno = pendingErrno;
    flush(inode);
    if (errno != 0) {
      failing(errno);
    }
    return release(inode);
  }

  public TraceBuilder fsync(long inode) {
    long handle = handle(inode);
    add(m -> new TraceOp.Fsync(m, inode, handle));
    return this;
  }

  public TraceBuilder fdatasync(long inode) {
    long handle = handle(inode);
    add(m -> new TraceOp.Fdatasync(m, inode, handle));
    return this;
  }

  public TraceBuilder fsyncdir(long dir) {
    long handle = handle(dir);
    add(m -> new TraceOp.Fsyncdir(m, dir, handle));
    return this;
  }

  public TraceBuilder marker(String text) {
    add(m -> new TraceOp.Marker(m, text));
    return this;
  }

  /**
   * Adds an op built by {@code factory} from the next {@link OpMeta}, as-is: the builder's maps are
   * not updated (an escape hatch for odd cases).
   */
  public TraceBuilder add(Function<OpMeta, TraceOp> factory) {
    long seq = ops.size() + 1L;
    long start = pendingStartSeq >= 0 ? pendingStartSeq : seq - 1;
    OpMeta meta = new OpMeta(seq, start, pid, tid, timeNanos, pendingErrno);
    pendingErrno = 0;
    pendingStartSeq = -1;
    TraceOp op = Objects.requireNonNull(factory.apply(meta), "factory returned null");
    if (op.seq() != seq) {
      throw new IllegalArgumentException("op has seq " + op.seq() + ", expected " + seq);
    }
    ops.add(op);
    return this;
  }

  // ---------------------------------------------------------------- results

  /** The trace so far: the initial image and the ops. */
  public Trace build() {
    return Trace.of(image(), ops);
  }

  /** Writes the trace so far to the new file {@code file} with {@link TraceWriter}; returns it. */
  public Path writeTo(Path file) throws IOException {
    try (TraceWriter w = TraceWriter.create(file)) {
      w.writeImage(image());
      for (TraceOp op : ops) {
        w.append(op);
      }
    }
    return file;
  }

  // ---------------------------------------------------------------- helpers

  private void pushHandle(long inode, long handle, int flags) {
    openHandles.computeIfAbsent(inode, k -> new ArrayDeque<>()).push(handle);
    handleFlags.put(handle, flags);
  }

  private void requireDir(long dir) {
    if (!dirs.containsKey(dir)) {
      throw new IllegalArgumentException("inode " + dir + " is not a known directory");
    }
  }

  private void requireFreeName(long parent, String name) {
    requireDir(parent);
    if (dirs.get(parent).containsKey(name)) {
      throw new IllegalArgumentException(
          "'" + name + "' already exists in directory " + parent + " (use failing(EEXIST))");
    }
  }

  private long requireEntry(long parent, String name) {
    requireDir(parent);
    Long inode = dirs.get(parent).get(name);
    if (inode == null) {
      throw new IllegalArgumentException(
          "no entry '" + name + "' in directory " + parent + " (use failing(ENOENT))");
    }
    return inode;
  }
}
