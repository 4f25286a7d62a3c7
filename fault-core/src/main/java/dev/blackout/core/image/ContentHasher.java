package dev.blackout.core.image;

import dev.blackout.core.trace.FileType;
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
    MessageDigest md = Block.newSha256();
    try {
      TreeWalker.walk(
          img,
          new TreeWalker.Visitor<Void>() {
            @Override
            public Void enterDir(Void parent, String name, long inode, Node node) {
              md.update((byte) 'D');
              putString(md, name);
              putInt(md, node.mode);
              return null;
            }

            @Override
            public void leaf(Void parent, String name, long inode, Node node) {
              md.update((byte) ('0' + node.type.ordinal()));
              putString(md, name);
              putInt(md, node.mode);
              if (node.type == FileType.REGULAR) {
                putLong(md, node.size);
                md.update(fileDigest(node));
              } else if (node.type == FileType.SYMLINK) {
                putString(md, node.linkTarget);
              } else if (node.type == FileType.CHAR_DEVICE || node.type == FileType.BLOCK_DEVICE) {
                putLong(md, node.rdev);
              }
            }

            @Override
            public void leaveDir(Void ctx, long inode, Node node) {
              md.update((byte) 'E');
            }
          });
    } catch (ImageException | IllegalStateException | java.io.UncheckedIOException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The content digest of a regular file, cached on the node until its content changes. */
  static byte[] fileDigest(Node node) {
    byte[] d = node.contentDigest;
    if (d != null) {
      return d;
    }
    MessageDigest md = Block.newSha256();
    putLong(md, node.size);
    long count = (node.size + Block.SIZE - 1) / Block.SIZE;
    long zeros = 0;
    long stored = Math.min(count, node.blocks.length);
    for (long i = 0; i < stored; i++) {
      Block b = node.blocks[(int) i];
      byte[] bd = b == null ? Block.ZERO_DIGEST : b.digest();
      if (Block.isZeroDigest(bd)) {
        zeros++;
        continue;
      }
      if (zeros > 0) {
        md.update((byte) 'Z');
        putLong(md, zeros);
        zeros = 0;
      }
      md.update((byte) 'B');
      md.update(bd);
    }
    zeros += count - stored;
    if (zeros > 0) {
      md.update((byte) 'Z');
      putLong(md, zeros);
    }
    d = md.digest();
    node.contentDigest = d;
    return d;
  }

  static void putString(MessageDigest md, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    putInt(md, b.length);
    md.update(b);
  }

  static void putInt(MessageDigest md, int v) {
    md.update((byte) (v >>> 24));
    md.update((byte) (v >>> 16));
    md.update((byte) (v >>> 8));
    md.update((byte) v);
  }

  static void putLong(MessageDigest md, long v) {
    putInt(md, (int) (v >>> 32));
    putInt(md, (int) v);
  }
}
