package dev.blackout.core.image;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Computes {@link FsImage#contentHash()}: SHA-256 over the root's permission bits and a Merkle
 * digest of the tree. Each directory's digest covers its entries: name, type and permission bits;
 * a regular file's size and content digest, a symlink's target, a device's number, a
 * subdirectory's digest. Inode ids, owners, times and xattrs are left out, and a file reached
 * through two hard links is listed twice with the same content. Directory digests are cached per
 * image and dropped along the path to the root when something below changes, so hashing a copy
 * after a few changes costs the changed directories and files, not the whole tree.
 *
 * <p>A file's content digest is SHA-256 over its size and its blocks, where every all-zero block
 * (a hole or written zeros alike) is folded into a run length and every other block contributes
 * its own cached digest; so the digest depends only on the bytes, and re-hashing a copy costs only
 * the blocks that changed.
 */
final class ContentHasher {
  private ContentHasher() {}

  private record Frame(long inode, java.util.Iterator<java.util.Map.Entry<String, Long>> it, Sink out) {}

  /**
   * The content hash of {@code img}. With {@code useCache}, directory digests are taken from and
   * stored in the image's cache, and file digests from their nodes; without, everything is
   * recomputed and nothing stored (the reference the cache is tested against).
   */
  static String hash(FsImage img, boolean useCache) {
    Node root = img.node(InitialImage.ROOT_INODE);
    byte[] tree = useCache ? img.treeDigests.get(InitialImage.ROOT_INODE) : null;
    if (tree == null) {
      tree = treeDigest(img, useCache);
    }
    Sink out = new Sink();
    out.put((byte) 'R');
    out.putInt(root.mode);
    out.put(tree);
    return HexFormat.of().formatHex(out.digest());
  }

  /**
   * The digest of the root's subtree: each directory's digest covers its entries in name order
   * (name, type, permission bits; a file's size and content digest, a symlink's target, a device's
   * number, a directory's own digest). Walks without recursion; a directory met again below itself
   * is a cycle and is refused.
   */
  private static byte[] treeDigest(FsImage img, boolean useCache) {
    java.util.ArrayDeque<Frame> stack = new java.util.ArrayDeque<>();
    java.util.Set<Long> onPath = new java.util.HashSet<>();
    Node root = img.node(InitialImage.ROOT_INODE);
    stack.push(new Frame(InitialImage.ROOT_INODE, root.entries.entrySet().iterator(), new Sink()));
    onPath.add(InitialImage.ROOT_INODE);
    while (true) {
      Frame f = stack.peek();
      if (!f.it().hasNext()) {
        stack.pop();
        onPath.remove(f.inode());
        byte[] d = f.out().digest();
        if (useCache) {
          img.treeDigests.put(f.inode(), d);
        }
        if (stack.isEmpty()) {
          return d;
        }
        stack.peek().out().put(d);
        continue;
      }
      java.util.Map.Entry<String, Long> e = f.it().next();
      long inode = e.getValue();
      Node n = img.node(inode);
      Sink out = f.out();
      out.put((byte) ('0' + n.type.ordinal()));
      out.putString(e.getKey());
      // A symlink shows 0777 whatever was recorded (chmod follows links; lchmod does not exist).
      out.putInt(n.type == FileType.SYMLINK ? 0777 : n.mode);
      switch (n.type) {
        case REGULAR -> {
          out.putLong(n.size);
          out.put(useCache ? fileDigest(n) : computeFileDigest(n));
        }
        case SYMLINK -> out.putString(n.linkTarget);
        case CHAR_DEVICE, BLOCK_DEVICE -> out.putLong(n.rdev);
        case DIRECTORY -> {
          byte[] cached = useCache ? img.treeDigests.get(inode) : null;
          if (cached != null) {
            out.put(cached);
          } else {
            if (!onPath.add(inode)) {
              throw new ImageException(
                  "directory " + inode + " ('" + Names.printable(e.getKey()) + "') contains itself");
            }
            stack.push(new Frame(inode, n.entries.entrySet().iterator(), new Sink()));
          }
        }
        default -> {}
      }
    }
  }

  /** The content digest of a regular file, cached on the node until its content changes. */
  static byte[] fileDigest(Node node) {
    byte[] d = node.contentDigest;
    if (d == null) {
      d = computeFileDigest(node);
      node.contentDigest = d;
    }
    return d;
  }

  private static byte[] computeFileDigest(Node node) {
    Sink out = new Sink();
    out.putLong(node.size);
    long count = (node.size + Block.SIZE - 1) / Block.SIZE;
    long zeros = 0;
    long stored = Math.min(count, node.blocks.length);
    digestSlices(node.blocks, (int) stored);
    for (long i = 0; i < stored; i++) {
      Block b = node.blocks[(int) i];
      byte[] bd = b == null ? Block.ZERO_DIGEST : b.digest();
      if (Block.isZeroDigest(bd)) {
        zeros++;
        continue;
      }
      if (zeros > 0) {
        out.put((byte) 'Z');
        out.putLong(zeros);
        zeros = 0;
      }
      out.put((byte) 'B');
      out.put(bd);
    }
    zeros += count - stored;
    if (zeros > 0) {
      out.put((byte) 'Z');
      out.putLong(zeros);
    }
    return out.digest();
  }

  /**
   * Computes the missing digests of lazy blocks, reading each run of consecutive slices of one
   * payload through one stream (a payload stream may only skip by reading).
   */
  static void digestSlices(Block[] blocks, int stored) {
    byte[] buf = null;
    for (int i = 0; i < stored; ) {
      if (!(blocks[i] instanceof Block.Slice s) || s.hasDigest()) {
        i++;
        continue;
      }
      if (buf == null) {
        buf = new byte[Block.SIZE];
      }
      int j = i;
      try (InputStream in = s.payload.openStream()) {
        in.skipNBytes(s.offset);
        long pos = s.offset;
        while (j < stored
            && blocks[j] instanceof Block.Slice t
            && t.payload == s.payload
            && t.offset == pos
            && !t.hasDigest()) {
          if (in.readNBytes(buf, 0, Block.SIZE) != Block.SIZE) {
            throw new IllegalStateException("a payload ended early");
          }
          t.knowDigest(Block.sha256(buf, 0, Block.SIZE));
          pos += Block.SIZE;
          j++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("reading a payload: " + e.getMessage(), e);
      }
      i = Math.max(j, i + 1);
    }
  }

  /** Buffers small fields and feeds the digest in bulk. */
  private static final class Sink {
    private final MessageDigest md = Block.newSha256();
    private final byte[] buf = new byte[1024];
    private int pos;

    private void room(int n) {
      if (pos + n > buf.length) {
        md.update(buf, 0, pos);
        pos = 0;
      }
    }

    void put(byte b) {
      room(1);
      buf[pos++] = b;
    }

    void put(byte[] b) {
      if (b.length > buf.length / 2) {
        md.update(buf, 0, pos);
        pos = 0;
        md.update(b);
        return;
      }
      room(b.length);
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
    }

    void putInt(int v) {
      room(4);
      buf[pos++] = (byte) (v >>> 24);
      buf[pos++] = (byte) (v >>> 16);
      buf[pos++] = (byte) (v >>> 8);
      buf[pos++] = (byte) v;
    }

    void putLong(long v) {
      putInt((int) (v >>> 32));
      putInt((int) v);
    }

    void putString(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      putInt(b.length);
      put(b);
    }

    byte[] digest() {
      md.update(buf, 0, pos);
      pos = 0;
      return md.digest();
    }
  }
}
