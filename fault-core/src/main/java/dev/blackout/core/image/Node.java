package dev.blackout.core.image;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.Payload;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * One inode of an {@link FsImage}. Nodes are shared between copies of an image and copied on first
 * write: a node may be changed only by the image whose {@link #owner} token it carries.
 */
final class Node {
  static final Block[] NO_BLOCKS = new Block[0];
  static final long[] NO_PARENTS = new long[0];

  final FileType type;
  final Object owner;
  int mode;
  int uid;
  int gid;
  long atimeNanos;
  long mtimeNanos;
  final String linkTarget;
  final long rdev;
  /** Number of directory entries naming this node. */
  int nlink;
  /**
   * The directories whose entries name this node, once per entry (so a file linked twice in one
   * directory appears twice). Never changed in place: replaced by a new array.
   */
  long[] parents = NO_PARENTS;
  /** Size in bytes of a regular file. */
  long size;
  /**
   * The blocks of a regular file; {@code null} slots are holes. The table may be shorter than the
   * size (the rest is a hole) and may end in spare null slots. Bytes past the size are zero.
   */
  Block[] blocks = NO_BLOCKS;
  /** Entries of a directory, else null. */
  TreeMap<String, Long> entries;
  /** Extended attributes, null when none. */
  TreeMap<String, Payload> xattrs;
  /** Cached digest of the content (regular files), null when unknown. */
  volatile byte[] contentDigest;

  Node(Object owner, FileType type, int mode, String linkTarget, long rdev) {
    this.owner = owner;
    this.type = type;
    this.mode = mode;
    this.linkTarget = linkTarget;
    this.rdev = rdev;
    if (type == FileType.DIRECTORY) {
      entries = new TreeMap<>();
    }
  }

  /** A copy owned by {@code newOwner}: tables are copied shallowly, blocks are shared. */
  Node copyFor(Object newOwner) {
    Node n = new Node(newOwner, type, mode, linkTarget, rdev, false);
    n.uid = uid;
    n.gid = gid;
    n.atimeNanos = atimeNanos;
    n.mtimeNanos = mtimeNanos;
    n.nlink = nlink;
    n.parents = parents;
    n.size = size;
    n.blocks = blocks.length == 0 ? NO_BLOCKS : Arrays.copyOf(blocks, blocks.length);
    n.entries = entries == null ? null : new TreeMap<>(entries);
    n.xattrs = xattrs == null ? null : new TreeMap<>(xattrs);
    n.contentDigest = contentDigest;
    return n;
  }

  private Node(Object owner, FileType type, int mode, String linkTarget, long rdev, boolean dir) {
    this.owner = owner;
    this.type = type;
    this.mode = mode;
    this.linkTarget = linkTarget;
    this.rdev = rdev;
  }

  void addParent(long dir) {
    long[] p = Arrays.copyOf(parents, parents.length + 1);
    p[parents.length] = dir;
    parents = p;
  }

  void removeParent(long dir) {
    for (int i = 0; i < parents.length; i++) {
      if (parents[i] == dir) {
        long[] p = new long[parents.length - 1];
        System.arraycopy(parents, 0, p, 0, i);
        System.arraycopy(parents, i + 1, p, i, parents.length - i - 1);
        parents = p;
        return;
      }
    }
  }

  Block block(long index) {
    return index < blocks.length ? blocks[(int) index] : null;
  }

  /** Sets block {@code index} (null for a hole), growing or trimming the table. */
  void setBlock(long index, Block b) {
    int i = (int) index;
    if (i >= blocks.length) {
      if (b == null) {
        return;
      }
      blocks = Arrays.copyOf(blocks, Math.max(i + 1, Math.min(blocks.length * 2, i + 1024)));
    }
    blocks[i] = b;
    contentDigest = null;
  }

  /** Drops trailing holes and blocks at or past {@code count}. */
  void trimBlocks(long count) {
    int end = (int) Math.min(blocks.length, count);
    while (end > 0 && blocks[end - 1] == null) {
      end--;
    }
    if (end != blocks.length) {
      blocks = end == 0 ? NO_BLOCKS : Arrays.copyOf(blocks, end);
    }
    contentDigest = null;
  }
}
