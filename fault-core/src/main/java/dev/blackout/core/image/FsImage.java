package dev.blackout.core.image;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.TraceOp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An in-memory file-system image: an inode table, a directory tree and file contents held as
 * copy-on-write blocks (design.md section 5). It is built from a trace's initial image, changed by
 * whole ops ({@link #apply}) or by the finer primitives persistence models use, and written to
 * disk by {@link Materializer}. Not thread-safe; {@link #copy()} is cheap and shares blocks.
 *
 * <p>A trace is untrusted: a hostile name ({@code ""}, {@code "."}, {@code ".."}, containing
 * {@code '/'} or NUL), an op on an inode that does not exist, an entry added under something that
 * is not a directory, are refused with {@link ImageException} naming the op.
 *
 * <p>Copies share everything: {@link #copy()} copies only the inode table's page directory (one
 * reference per 64 inode ids), the open handles and the cached directory digests; both images then
 * copy a page of the table, and an inode (its block table, entries and attributes, never the blocks
 * themselves), the first time they change it. Blocks are immutable 4096-byte units; a block fully covered by a write is a
 * lazy view of the write's payload, read only when something reads the file.
 *
 * <p>Payloads are referenced, not copied: a payload given to {@link #write} or held by an applied
 * op must stay readable as long as the image (and its copies) may read it. Payloads read from a
 * trace file are; a {@code Payload.wrap} view of a buffer the caller reuses is not.
 *
 * <p>The primitives do not garbage-collect: an inode whose last entry is unlinked stays in the
 * table (unreachable, so invisible to {@link #contentHash()} and {@link Materializer}) until
 * {@link #apply} of an Unlink, Rmdir, Rename or Release finds it unlinked with no open handle.
 */
public final class FsImage {

  /** Largest file size an image holds (64 GiB); a larger one is refused. */
  public static final long MAX_FILE_SIZE = 1L << 36;

  /** Token marking the nodes this image may change in place. */
  Object token = new Object();

  final InodeTable nodes;
  /** Open handles: recorder handle id to inode. */
  final HashMap<Long, Long> handles;
  /**
   * Cached digests of directory subtrees (see {@link ContentHasher}). Invariant: when a directory's
   * digest is cached, so are those of all directories below it; any change to a node drops the
   * cached digests of the directories above it.
   */
  final HashMap<Long, byte[]> treeDigests;

  /**
   * An image that keeps sizes but no content (writes and zeroing only check and resize): what
   * {@link #checkReplayable} needs to follow a trace's shape cheaply.
   */
  private final boolean shapeOnly;

  private FsImage(
      InodeTable nodes,
      HashMap<Long, Long> handles,
      HashMap<Long, byte[]> treeDigests,
      boolean shapeOnly) {
    this.nodes = nodes;
    this.handles = handles;
    this.treeDigests = treeDigests;
    this.shapeOnly = shapeOnly;
  }

  /** An image holding only an empty root directory with {@code mode}. */
  public static FsImage emptyRoot(int mode) {
    return emptyRoot(mode, false);
  }

  static FsImage emptyRoot(int mode, boolean shapeOnly) {
    FsImage img = new FsImage(new InodeTable(), new HashMap<>(), new HashMap<>(), shapeOnly);
    Node root = new Node(img.token, FileType.DIRECTORY, mode & 07777, null, 0);
    root.nlink = 1;
    img.nodes.put(InitialImage.ROOT_INODE, root);
    return img;
  }

  /** The image of a trace's initial tree. */
  public static FsImage of(InitialImage image) {
    return InitialLoader.load(image);
  }

  /** An independent copy; blocks are shared until either side writes them. */
  public FsImage copy() {
    InodeTable n = nodes.copy();
    @SuppressWarnings("unchecked")
    HashMap<Long, Long> h = (HashMap<Long, Long>) handles.clone();
    @SuppressWarnings("unchecked")
    HashMap<Long, byte[]> t = (HashMap<Long, byte[]>) treeDigests.clone();
    // Every node is now shared: neither image may change one in place any more.
    token = new Object();
    return new FsImage(n, h, t, shapeOnly);
  }

  /** Applies a whole op as the workload saw it complete; a failed op changes nothing. */
  public void apply(TraceOp op) {
    if (op.failed()) {
      return;
    }
    try {
      OpApplier.apply(this, op);
    } catch (ImageException | IllegalArgumentException e) {
      throw new ImageException(
          "op #" + op.seq() + " " + op.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * Checks that {@code ops} replay on {@code image} as the kernel ran them: every op is applied as
   * {@link #apply} would (names, inodes that exist, free names for creates, handles...), without
   * holding any content. Persistence models build partial states that tolerate missing inodes, so
   * a trace is checked whole first: an op on an inode no op created, or a create over an existing
   * name, is refused here instead of being invented in a crash state.
   *
   * @throws ImageException naming the first op that does not apply ({@code op #12 Create: ...})
   */
  public static void checkReplayable(InitialImage image, List<? extends TraceOp> ops) {
    FsImage img = InitialLoader.load(image, true);
    img.applyAll(ops);
  }

  /** Applies every op of {@code ops} in order. */
  public void applyAll(List<? extends TraceOp> ops) {
    for (TraceOp op : ops) {
      apply(op);
    }
  }

  // ---- primitives for persistence models ----

  /**
   * Adds a new inode, not yet linked anywhere. {@code linkTarget} only for symlinks. An id still in
   * use (linked or open) is refused; an id whose inode is unlinked and closed is reused.
   */
  public void createInode(long inode, FileType type, int mode, String linkTarget, long rdev) {
    if (inode <= 0) {
      throw new ImageException("inode id " + inode + " must be positive");
    }
    if (type == null) {
      throw new ImageException("inode " + inode + " has no type");
    }
    Node old = nodes.get(inode);
    if (old != null && (old.nlink > 0 || isOpen(inode) || inode == InitialImage.ROOT_INODE)) {
      throw new ImageException("inode " + inode + " already exists");
    }
    if (type == FileType.SYMLINK) {
      checkLinkTarget(linkTarget);
    } else if (linkTarget != null) {
      throw new ImageException("inode " + inode + " is a " + type + " and cannot have a link target");
    }
    treeDigests.remove(inode); // a reused id must not inherit a digest
    nodes.put(inode, new Node(token, type, mode & 07777, linkTarget, rdev));
  }

  /**
   * Links {@code inode} as {@code name} in directory {@code parent}, replacing any entry there (the
   * replaced inode loses one link).
   */
  public void link(long parent, String name, long inode) {
    Names.check(name);
    Node dir = node(parent);
    requireDir(parent, dir);
    node(inode);
    if (inode == parent) {
      throw new ImageException("directory " + parent + " cannot contain itself");
    }
    Node d = mutable(parent);
    Long old = d.entries.put(name, inode);
    if (old != null) {
      if (old == inode) {
        return;
      }
      Node o = nodes.get(old);
      if (o != null) {
        o = mutable(old);
        o.nlink--;
        o.removeParent(parent);
      }
    }
    Node n = mutable(inode);
    n.nlink++;
    n.addParent(parent);
  }

  /** Removes entry {@code name} from {@code parent}; returns the inode it named, if any. */
  public OptionalLong unlink(long parent, String name) {
    Names.check(name);
    Node dir = node(parent);
    requireDir(parent, dir);
    if (!dir.entries.containsKey(name)) {
      return OptionalLong.empty();
    }
    long inode = mutable(parent).entries.remove(name);
    if (nodes.containsKey(inode)) {
      Node n = mutable(inode);
      n.nlink--;
      n.removeParent(parent);
    }
    return OptionalLong.of(inode);
  }

  /**
   * Copies {@code length} bytes of {@code data} from {@code dataOffset} into {@code inode} at
   * {@code fileOffset}. With {@code extend} the size grows to cover them; without it, bytes past
   * the current size are dropped (data whose size change was not persisted is unreachable).
   */
  public void write(
      long inode, long fileOffset, Payload data, long dataOffset, long length, boolean extend) {
    Node n = regular(inode);
    if (fileOffset < 0 || dataOffset < 0 || length < 0 || dataOffset + length > data.length()) {
      throw new ImageException(
          "write of ["
              + dataOffset
              + ", +"
              + length
              + ") of a "
              + data.length()
              + "-byte payload at "
              + fileOffset
              + " is out of range");
    }
    long end = fileOffset + length;
    checkSize(inode, end);
    if (shapeOnly) {
      if (extend && end > n.size) {
        mutable(inode).size = end;
      }
      return;
    }
    long stop = extend ? end : Math.min(end, n.size);
    if (length == 0 || stop <= fileOffset) {
      return;
    }
    n = mutable(inode);
    for (long bi = fileOffset / Block.SIZE; bi * Block.SIZE < stop; bi++) {
      long bs = bi * Block.SIZE;
      long lo = Math.max(fileOffset, bs);
      long hi = Math.min(stop, bs + Block.SIZE);
      if (lo == bs && hi == bs + Block.SIZE) {
        n.setBlock(bi, new Block.Slice(data, dataOffset + (bs - fileOffset)));
      } else {
        Block old = n.block(bi);
        long from = dataOffset + (lo - fileOffset);
        if (old instanceof Block.Bytes own && own.ownedBy(token)) {
          own.writeInPlace(data, from, (int) (lo - bs), (int) (hi - lo));
          n.contentDigest = null;
        } else {
          n.setBlock(bi, Block.Bytes.written(old, data, from, (int) (lo - bs), (int) (hi - lo), token));
        }
      }
    }
    if (extend && end > n.size) {
      n.size = end;
      n.contentDigest = null;
    }
  }

  /** Sets the size: cuts, or extends with zeros. */
  public void setSize(long inode, long size) {
    Node n = regular(inode);
    if (size < 0) {
      throw new ImageException("size " + size + " of inode " + inode + " is negative");
    }
    checkSize(inode, size);
    if (size == n.size) {
      return;
    }
    n = mutable(inode);
    if (size < n.size) {
      n.trimBlocks((size + Block.SIZE - 1) / Block.SIZE);
      int tail = (int) (size % Block.SIZE);
      Block last = n.block(size / Block.SIZE);
      if (tail != 0 && last != null) {
        byte[] b = last.bytes();
        java.util.Arrays.fill(b, tail, Block.SIZE, (byte) 0);
        n.setBlock(size / Block.SIZE, new Block.Bytes(b));
      }
    }
    n.size = size;
    n.contentDigest = null;
  }

  /** Zeroes {@code [offset, offset + length)} within the current size. */
  public void zero(long inode, long offset, long length) {
    Node n = regular(inode);
    if (offset < 0 || length < 0) {
      throw new ImageException("zero range [" + offset + ", +" + length + ") is negative");
    }
    long stop = Math.min(n.size, offset + length);
    if (stop <= offset || shapeOnly) {
      return;
    }
    n = mutable(inode);
    for (long bi = offset / Block.SIZE; bi * Block.SIZE < stop; bi++) {
      long bs = bi * Block.SIZE;
      Block old = n.block(bi);
      if (old == null) {
        continue;
      }
      long lo = Math.max(offset, bs);
      long hi = Math.min(stop, bs + Block.SIZE);
      if (lo == bs && hi == bs + Block.SIZE) {
        n.setBlock(bi, null);
      } else {
        byte[] b = old.bytes();
        java.util.Arrays.fill(b, (int) (lo - bs), (int) (hi - bs), (byte) 0);
        n.setBlock(bi, new Block.Bytes(b));
      }
    }
    n.trimBlocks(n.blocks.length);
  }

  /** Sets the permission bits (the low 12 bits of {@code mode}). */
  public void setMode(long inode, int mode) {
    node(inode);
    mutable(inode).mode = mode & 07777;
  }

  /** Sets owner and group; -1 leaves one unchanged. */
  public void setOwner(long inode, int uid, int gid) {
    node(inode);
    Node n = mutableUnseen(inode);
    if (uid != -1) {
      n.uid = uid;
    }
    if (gid != -1) {
      n.gid = gid;
    }
  }

  /** Sets access and modification times (nanoseconds since the epoch); -1 leaves one unchanged. */
  public void setTimes(long inode, long atimeNanos, long mtimeNanos) {
    node(inode);
    Node n = mutableUnseen(inode);
    if (atimeNanos != -1) {
      n.atimeNanos = atimeNanos;
    }
    if (mtimeNanos != -1) {
      n.mtimeNanos = mtimeNanos;
    }
  }

  public void setXattr(long inode, String name, Payload value) {
    checkXattrName(name);
    node(inode);
    Node n = mutableUnseen(inode);
    if (n.xattrs == null) {
      n.xattrs = new TreeMap<>();
    }
    n.xattrs.put(name, value);
  }

  public void removeXattr(long inode, String name) {
    checkXattrName(name);
    Node n = node(inode);
    if (n.xattrs != null && n.xattrs.containsKey(name)) {
      n = mutableUnseen(inode);
      n.xattrs.remove(name);
      if (n.xattrs.isEmpty()) {
        n.xattrs = null;
      }
    }
  }

  /**
   * Gives {@code inode} the content and attributes (size, blocks, mode, owner, times, xattrs) it
   * has in {@code from}, or those of a new inode with permission bits {@code creationMode} when
   * {@code from} has no such inode; its type, entries and links stay as they are. Blocks are
   * shared, not copied. For building a crash state from a full image: the inodes a state's missing
   * units touched get their content from an earlier image, then the units that did persist.
   */
  public void restoreContent(long inode, FsImage from, int creationMode) {
    node(inode);
    Node src = from.nodes.get(inode);
    Node n = mutable(inode);
    if (src == null) {
      n.mode = creationMode & 07777;
      n.uid = 0;
      n.gid = 0;
      n.atimeNanos = 0;
      n.mtimeNanos = 0;
      n.size = 0;
      n.blocks = Node.NO_BLOCKS;
      n.xattrs = null;
      n.contentDigest = null;
      return;
    }
    n.mode = src.mode;
    n.uid = src.uid;
    n.gid = src.gid;
    n.atimeNanos = src.atimeNanos;
    n.mtimeNanos = src.mtimeNanos;
    n.size = src.size;
    n.blocks = src.blocks.length == 0 ? Node.NO_BLOCKS : java.util.Arrays.copyOf(src.blocks, src.blocks.length);
    n.xattrs = src.xattrs == null ? null : new TreeMap<>(src.xattrs);
    n.contentDigest = src.contentDigest;
  }

  /**
   * Whether a path from the root leads to {@code inode} (only such inodes are hashed and
   * materialized).
   */
  public boolean reachable(long inode) {
    java.util.ArrayDeque<Long> todo = new java.util.ArrayDeque<>();
    java.util.HashSet<Long> seen = new java.util.HashSet<>();
    todo.push(inode);
    while (!todo.isEmpty()) {
      long at = todo.pop();
      if (at == InitialImage.ROOT_INODE) {
        return true;
      }
      Node n = nodes.get(at);
      if (n == null || !seen.add(at)) {
        continue;
      }
      for (long p : n.parents) {
        todo.push(p);
      }
    }
    return false;
  }

  /**
   * Drops {@code inode} from the table when no entry names it and no handle holds it open (what
   * the kernel does at the last unlink or close). Returns whether it was dropped.
   */
  public boolean collect(long inode) {
    Node n = nodes.get(inode);
    if (n == null || n.nlink > 0 || isOpen(inode) || inode == InitialImage.ROOT_INODE) {
      return false;
    }
    nodes.remove(inode);
    treeDigests.remove(inode);
    return true;
  }

  /** Records that recorder handle {@code handle} holds {@code inode} open. */
  public void openHandle(long handle, long inode) {
    node(inode);
    if (handle != 0) {
      handles.put(handle, inode);
    }
  }

  /** Forgets handle {@code handle}; returns the inode it held, if any. */
  public OptionalLong closeHandle(long handle) {
    Long inode = handles.remove(handle);
    return inode == null ? OptionalLong.empty() : OptionalLong.of(inode);
  }

  // ---- queries ----

  public boolean exists(long inode) {
    return nodes.containsKey(inode);
  }

  public FileType type(long inode) {
    return node(inode).type;
  }

  /** Size of a regular file, length in bytes of a symlink's target, 0 for other kinds. */
  public long size(long inode) {
    Node n = node(inode);
    return switch (n.type) {
      case REGULAR -> n.size;
      case SYMLINK -> n.linkTarget.getBytes(StandardCharsets.UTF_8).length;
      default -> 0;
    };
  }

  /** Permission bits (the low 12 bits of the mode). */
  public int mode(long inode) {
    return node(inode).mode;
  }

  public int uid(long inode) {
    return node(inode).uid;
  }

  public int gid(long inode) {
    return node(inode).gid;
  }

  public long mtimeNanos(long inode) {
    return node(inode).mtimeNanos;
  }

  public long atimeNanos(long inode) {
    return node(inode).atimeNanos;
  }

  /** The device number of a device file (0 for other kinds). */
  public long rdev(long inode) {
    return node(inode).rdev;
  }

  /** The target of a symlink; refused for other kinds. */
  public String linkTarget(long inode) {
    Node n = node(inode);
    if (n.type != FileType.SYMLINK) {
      throw new ImageException("inode " + inode + " is a " + n.type + ", not a symlink");
    }
    return n.linkTarget;
  }

  /** How many directory entries name {@code inode}. */
  public int linkCount(long inode) {
    return node(inode).nlink;
  }

  /** Whether some recorded handle holds {@code inode} open. */
  public boolean isOpen(long inode) {
    return handles.containsValue(inode);
  }

  /** The extended attributes of {@code inode}, sorted by name. */
  public SortedMap<String, Payload> xattrs(long inode) {
    Node n = node(inode);
    return n.xattrs == null
        ? Collections.emptySortedMap()
        : Collections.unmodifiableSortedMap(new TreeMap<>(n.xattrs));
  }

  /** The ids of every inode in the table, reachable or not, sorted. */
  public SortedMap<Long, FileType> inodes() {
    TreeMap<Long, FileType> m = new TreeMap<>();
    nodes.forEach((k, v) -> m.put(k, v.type));
    return m;
  }

  /** The inode {@code name} names in {@code parent}, if any. */
  public OptionalLong lookup(long parent, String name) {
    Node dir = node(parent);
    requireDir(parent, dir);
    Long i = dir.entries.get(name);
    return i == null ? OptionalLong.empty() : OptionalLong.of(i);
  }

  /** The entries of directory {@code dir}, sorted by name. */
  public SortedMap<String, Long> list(long dir) {
    Node d = node(dir);
    requireDir(dir, d);
    return Collections.unmodifiableSortedMap(new TreeMap<>(d.entries));
  }

  /** The content of a regular file (for tests and checkers of small files). */
  public byte[] read(long inode) {
    Node n = regular(inode);
    if (n.size > Integer.MAX_VALUE - 8) {
      throw new ImageException("inode " + inode + " of " + n.size + " bytes does not fit an array");
    }
    byte[] out = new byte[(int) n.size];
    readBlocks(inode, (index, buf, len) -> System.arraycopy(buf, 0, out, (int) (index * Block.SIZE), len));
    return out;
  }

  /**
   * A digest of what a checker can see from the root: names, types, modes, sizes, contents and
   * symlink targets (not times, owners or inode ids). Equal trees have equal hashes.
   */
  public String contentHash() {
    return ContentHasher.hash(this, true);
  }

  // ---- machinery ----

  /** Receives the blocks of a file that are not holes, in order. */
  interface BlockSink {
    /** {@code buf} holds block {@code index}; {@code len} of its bytes lie within the size. */
    void block(long index, byte[] buf, int len) throws IOException;
  }

  /**
   * Hands every non-hole block of regular file {@code inode} to {@code sink}, reading consecutive
   * slices of one payload through one stream.
   */
  void readBlocks(long inode, BlockSink sink) {
    Node n = regular(inode);
    long count = Math.min(n.blocks.length, (n.size + Block.SIZE - 1) / Block.SIZE);
    byte[] buf = new byte[Block.SIZE];
    InputStream in = null;
    Payload inPayload = null;
    long inPos = -1;
    try {
      for (long i = 0; i < count; i++) {
        Block b = n.blocks[(int) i];
        if (b == null) {
          continue;
        }
        if (b instanceof Block.Slice s) {
          if (in == null || inPayload != s.payload || inPos != s.offset) {
            if (in != null) {
              in.close();
            }
            in = s.payload.openStream();
            in.skipNBytes(s.offset);
            inPayload = s.payload;
          }
          if (in.readNBytes(buf, 0, Block.SIZE) != Block.SIZE) {
            throw new IllegalStateException("payload ended early for inode " + inode);
          }
          inPos = s.offset + Block.SIZE;
        } else {
          b.copyTo(buf, 0);
        }
        sink.block(i, buf, (int) Math.min(Block.SIZE, n.size - i * Block.SIZE));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading inode " + inode + ": " + e.getMessage(), e);
    } finally {
      if (in != null) {
        try {
          in.close();
        } catch (IOException e) {
          // the content was read in full; a failing close loses nothing
        }
      }
    }
  }

  Node node(long inode) {
    Node n = nodes.get(inode);
    if (n == null) {
      throw new ImageException("no inode " + inode);
    }
    return n;
  }

  /**
   * The node of {@code inode} for a change a checker can see: copied first if another image
   * shares it, and the cached digests of the directories above it dropped.
   */
  Node mutable(long inode) {
    Node n = mutableUnseen(inode);
    forgetTreeDigests(inode, n);
    return n;
  }

  /** The node of {@code inode} for a change the content hash ignores (owner, times, xattrs). */
  Node mutableUnseen(long inode) {
    Node n = node(inode);
    if (n.owner != token) {
      n = n.copyFor(token);
      nodes.put(inode, n);
    }
    return n;
  }

  /** Drops the cached digests of {@code inode} (a directory) and of every directory above it. */
  private void forgetTreeDigests(long inode, Node n) {
    if (treeDigests.isEmpty()) {
      return;
    }
    java.util.ArrayDeque<Long> todo = new java.util.ArrayDeque<>();
    if (n.type != FileType.DIRECTORY || treeDigests.remove(inode) != null) {
      for (long p : n.parents) {
        todo.push(p);
      }
    }
    while (!todo.isEmpty()) {
      long d = todo.pop();
      // An uncached directory has no cached directory above it: stop there.
      if (treeDigests.remove(d) != null) {
        Node dn = nodes.get(d);
        if (dn != null) {
          for (long p : dn.parents) {
            todo.push(p);
          }
        }
      }
    }
  }

  /** Moves one of {@code inode}'s parent links from {@code from} to {@code to} (an exchange). */
  void moveParent(long inode, long from, long to) {
    Node n = mutable(inode);
    n.removeParent(from);
    n.addParent(to);
  }

  Node regular(long inode) {
    Node n = node(inode);
    if (n.type != FileType.REGULAR) {
      throw new ImageException("inode " + inode + " is a " + n.type + ", not a regular file");
    }
    return n;
  }

  static void requireDir(long inode, Node n) {
    if (n.type != FileType.DIRECTORY) {
      throw new ImageException("inode " + inode + " is a " + n.type + ", not a directory");
    }
  }

  /** Whether directory {@code dir} is {@code top} or lies below it. */
  boolean isWithin(long dir, long top) {
    if (dir == top) {
      return true;
    }
    Node t = nodes.get(top);
    if (t == null || t.type != FileType.DIRECTORY) {
      return false;
    }
    Set<Long> seen = new HashSet<>();
    java.util.ArrayDeque<Long> todo = new java.util.ArrayDeque<>();
    todo.push(top);
    while (!todo.isEmpty()) {
      long d = todo.pop();
      if (!seen.add(d)) {
        continue;
      }
      for (long c : nodes.get(d).entries.values()) {
        if (c == dir) {
          return true;
        }
        Node cn = nodes.get(c);
        if (cn != null && cn.type == FileType.DIRECTORY) {
          todo.push(c);
        }
      }
    }
    return false;
  }

  private static void checkSize(long inode, long size) {
    if (size > MAX_FILE_SIZE) {
      throw new ImageException(
          "inode " + inode + " would grow to " + size + " bytes, past the 64 GiB an image holds");
    }
  }

  static void checkLinkTarget(String target) {
    if (target == null || target.isEmpty()) {
      throw new ImageException("a symlink needs a target");
    }
    if (target.indexOf('\0') >= 0) {
      throw new ImageException("symlink target '" + Names.printable(target) + "' contains NUL");
    }
    if (target.getBytes(StandardCharsets.UTF_8).length > 4095) {
      throw new ImageException("symlink target is longer than 4095 bytes");
    }
  }

  private static void checkXattrName(String name) {
    if (name == null || name.isEmpty() || name.indexOf('\0') >= 0 || name.length() > 255) {
      throw new ImageException(
          "extended attribute name '" + Names.printable(String.valueOf(name)) + "' is invalid");
    }
  }

  /** Open handles, for tests. */
  Map<Long, Long> handles() {
    return Collections.unmodifiableMap(handles);
  }
}
