package dev.blackout.core.trace;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/** The constants and byte layout of the trace file (docs/trace-format.md). */
final class TraceFormat {
  static final byte[] MAGIC = "BLKTRACE".getBytes(StandardCharsets.US_ASCII);
  /** magic, version u32, flags u32, created i64, CRC-32C u32. */
  static final int FILE_HEADER_LENGTH = 28;
  /** sync u16, type u8, reserved u8, body length u32, CRC-32C u32 of the first 8 bytes. */
  static final int FRAME_HEADER_LENGTH = 12;
  /** Every frame ends with the CRC-32C of its body. */
  static final int FRAME_TRAILER_LENGTH = 4;
  static final int SYNC = 0xB10C;
  static final long MAX_BODY = 0xFFFF_FFFFL;

  static final int IMAGE_ENTRY = 0x01;
  static final int IMAGE_END = 0x02;
  /** The last record of a trace whose recorder stopped cleanly (format version 2). */
  static final int TRACE_END = 0x03;
  static final int CREATE = 0x10;
  static final int MKDIR = 0x11;
  static final int MKNOD = 0x12;
  static final int SYMLINK = 0x13;
  static final int LINK = 0x14;
  static final int UNLINK = 0x15;
  static final int RMDIR = 0x16;
  static final int RENAME = 0x17;
  static final int OPEN = 0x18;
  static final int WRITE = 0x19;
  static final int TRUNCATE = 0x1A;
  static final int FALLOCATE = 0x1B;
  static final int CHMOD = 0x1C;
  static final int CHOWN = 0x1D;
  static final int SET_TIMES = 0x1E;
  static final int SET_XATTR = 0x1F;
  static final int REMOVE_XATTR = 0x20;
  static final int FLUSH = 0x21;
  static final int RELEASE = 0x22;
  static final int FSYNC = 0x23;
  static final int FDATASYNC = 0x24;
  static final int FSYNCDIR = 0x25;
  static final int MARKER = 0x26;

  private TraceFormat() {}

  static boolean isOpType(int type) {
    return type >= CREATE && type <= MARKER;
  }

  static boolean isKnownType(int type) {
    return type == IMAGE_ENTRY || type == IMAGE_END || type == TRACE_END || isOpType(type);
  }

  /** Whether records of {@code type} end with a payload (then its CRC-32C). */
  static boolean hasPayload(int type) {
    return type == IMAGE_ENTRY || type == WRITE || type == SET_XATTR;
  }

  static byte[] fileHeader(TraceHeader header) {
    byte[] b = new byte[FILE_HEADER_LENGTH];
    System.arraycopy(MAGIC, 0, b, 0, MAGIC.length);
    putInt(b, 8, header.version());
    putInt(b, 12, 0);
    putLong(b, 16, header.createdNanos());
    putInt(b, 24, crc32c(b, 0, 24));
    return b;
  }

  /** Fills {@code b[off..off+12)} with a frame header for {@code type} and {@code bodyLength}. */
  static void frameHeader(byte[] b, int off, int type, long bodyLength) {
    b[off] = (byte) (SYNC >>> 8);
    b[off + 1] = (byte) SYNC;
    b[off + 2] = (byte) type;
    b[off + 3] = 0;
    putInt(b, off + 4, (int) bodyLength);
    putInt(b, off + 8, crc32c(b, off, 8));
  }

  static int crc32c(byte[] b, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(b, off, len);
    return (int) crc.getValue();
  }

  static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  static void putLong(byte[] b, int off, long v) {
    putInt(b, off, (int) (v >>> 32));
    putInt(b, off + 4, (int) v);
  }

  static int getInt(byte[] b, int off) {
    return (b[off] & 0xff) << 24
        | (b[off + 1] & 0xff) << 16
        | (b[off + 2] & 0xff) << 8
        | (b[off + 3] & 0xff);
  }

  static long getLong(byte[] b, int off) {
    return ((long) getInt(b, off) << 32) | (getInt(b, off + 4) & 0xFFFF_FFFFL);
  }
}
