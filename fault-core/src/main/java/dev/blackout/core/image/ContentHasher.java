package dev.blackout.core.image;

import dev.blackout.core.trace.FileType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Computes {@link FsImage#contentHash()}: SHA-256 over a pre-order listing of the tree from the
 * root. Each entry contributes its name, type and permission bits; a regular file its size and a
 * content digest, a symlink its target, a device its number. Inode ids, owners, times and xattrs
 * are left out, and a file reached through two hard links is listed twice with the same content.
 *
 * <p>A file's content digest is SHA-256 over its size and its blocks, where every all-zero block
 * (a hole or written zeros alike) is folded into a run length and every other block contributes
 * its own cached digest; so the digest depends only on the bytes, and re-hashing a copy costs only
 * the blocks that changed.
 */
final class ContentHasher {
  private ContentHasher() {}

  static String hash(FsImage img) {
    Sink out = new Sink();
    try {
      TreeWalker.walk(
          img,
          new TreeWalker.Visitor<Void>() {
            @Override
            public Void enterDir(Void parent, String name, long inode, Node node) {
              out.put((byte) 'D');
              out.putString(name);
              out.putInt(node.mode);
              return null;
            }

            @Override
            public void leaf(Void parent, String name, long inode, Node node) {
              out.put((byte) ('0' + node.type.ordinal()));
              out.putString(name);
              out.putInt(node.mode);
              if (node.type == FileType.REGULAR) {
                out.putLong(node.size);
                out.put(fileDigest(node));
              } else if (node.type == FileType.SYMLINK) {
                out.putString(node.linkTarget);
              } else if (node.type == FileType.CHAR_DEVICE || node.type == FileType.BLOCK_DEVICE) {
                out.putLong(node.rdev);
              }
            }

            @Override
            public void leaveDir(Void ctx, long inode, Node node) {
              out.put((byte) 'E');
            }
          },
          false);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return HexFormat.of().formatHex(out.digest());
  }

  /** The content digest of a regular file, cached on the node until its content changes. */
  static byte[] fileDigest(Node node) {
    byte[] d = node.contentDigest;
    if (d != null) {
      return d;
    }
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
    d = out.digest();
    node.contentDigest = d;
    return d;
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
    private final byte[] buf = new byte[8192];
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
