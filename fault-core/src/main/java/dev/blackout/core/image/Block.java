package dev.blackout.core.image;

import dev.blackout.core.trace.Payload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * One immutable 4096-byte block of a regular file. A hole (all zeros) is represented by {@code
 * null} in a file's block table, never by a block. Blocks are shared between copies of an image, so
 * they never change after construction; their digest is computed once and cached.
 */
abstract class Block {
  static final int SIZE = 4096;

  static final byte[] ZERO_DIGEST = sha256(new byte[SIZE], 0, SIZE);

  private volatile byte[] digest;

  /** Copies the block's bytes into {@code dst} at {@code off}. */
  abstract void copyTo(byte[] dst, int off);

  /** A fresh array holding the block's bytes. */
  final byte[] bytes() {
    byte[] b = new byte[SIZE];
    copyTo(b, 0);
    return b;
  }

  /** SHA-256 of the block's 4096 bytes (equal to {@link #ZERO_DIGEST} for a zero block). */
  final byte[] digest() {
    byte[] d = digest;
    if (d == null) {
      byte[] b = bytes();
      d = sha256(b, 0, SIZE);
      digest = d;
    }
    return d;
  }

  /** Whether the digest is known already. */
  final boolean hasDigest() {
    return digest != null;
  }

  /** Records the digest of this block's bytes, computed by someone who read them. */
  final void knowDigest(byte[] d) {
    digest = d;
  }

  static byte[] sha256(byte[] b, int off, int len) {
    MessageDigest md = newSha256();
    md.update(b, off, len);
    return md.digest();
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Forgets the digest: only for a block its owner changes in place. */
  final void forgetDigest() {
    digest = null;
  }

  /**
   * A block held in memory: its first {@code data.length} bytes (the rest are zeros, so a small
   * file costs its size, not 4 KiB). A block made by an image carries that image's token and may
   * be changed in place by it (many small writes into one block then cost no copy each) until the
   * image is copied, which gives both sides new tokens.
   */
  static final class Bytes extends Block {
    private byte[] data;
    private final Object owner;

    Bytes(byte[] data) {
      this(data, null);
    }

    Bytes(byte[] data, Object owner) {
      if (data.length > SIZE) {
        throw new IllegalArgumentException("block of " + data.length + " bytes");
      }
      this.data = data;
      this.owner = owner;
    }

    /** Whether {@code token}'s image may change this block in place. */
    boolean ownedBy(Object token) {
      return owner != null && owner == token;
    }

    /**
     * Copies {@code len} bytes of {@code p} from {@code from} to offset {@code at} of this block,
     * in place (only for the owner: see {@link #ownedBy}).
     */
    void writeInPlace(Payload p, long from, int at, int len) {
      if (at + len > data.length) {
        data = Arrays.copyOf(data, Math.min(SIZE, Math.max(at + len, data.length * 2)));
      }
      readPayload(p, from, data, at, len);
      forgetDigest();
    }

    /** A new block for {@code token}: {@code old}'s bytes (null: zeros) with {@code len} bytes of {@code p} at {@code at}. */
    static Bytes written(Block old, Payload p, long from, int at, int len, Object token) {
      int keep = old instanceof Bytes b ? b.data.length : old == null ? 0 : SIZE;
      byte[] d = new byte[Math.max(keep, at + len)];
      if (old instanceof Bytes b) {
        System.arraycopy(b.data, 0, d, 0, b.data.length);
      } else if (old != null) {
        old.copyTo(d, 0);
      }
      readPayload(p, from, d, at, len);
      return new Bytes(d, token);
    }

    @Override
    void copyTo(byte[] dst, int off) {
      System.arraycopy(data, 0, dst, off, data.length);
      Arrays.fill(dst, off + data.length, off + SIZE, (byte) 0);
    }
  }

  /**
   * A lazy view of 4096 bytes of a payload starting at {@code offset}: a big recorded write is not
   * copied into memory until something reads it.
   */
  static final class Slice extends Block {
    final Payload payload;
    final long offset;

    Slice(Payload payload, long offset) {
      if (offset < 0 || offset + SIZE > payload.length()) {
        throw new IllegalArgumentException(
            "slice [" + offset + ", +4096) outside a payload of " + payload.length() + " bytes");
      }
      this.payload = payload;
      this.offset = offset;
    }

    @Override
    void copyTo(byte[] dst, int off) {
      readPayload(payload, offset, dst, off, SIZE);
    }
  }

  /** Reads {@code len} bytes of {@code p} from {@code from} into {@code dst}. */
  static void readPayload(Payload p, long from, byte[] dst, int off, int len) {
    p.read(from, dst, off, len);
  }

  static boolean isZeroDigest(byte[] d) {
    return Arrays.equals(d, ZERO_DIGEST);
  }
}
