package dev.blackout.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A dm-log-writes log, read from a file (or a region of one). The format is the kernel's
 * (Documentation/admin-guide/device-mapper/log-writes.rst and drivers/md/dm-log-writes.c): the first
 * block of {@code sectorsize} bytes holds the super block (little-endian magic, version, number of
 * entries, sector size); then each entry is one block holding its header (sector, number of
 * sectors, flags, data length: four little-endian 64-bit fields), followed, for a mark, by the mark
 * text in the same block, or, for a write, by its {@code nr_sectors} blocks of data. Writes are
 * logged once a flush made them durable, in completion order; FUA writes as soon as they complete.
 */
final class LogWrites {
  static final long MAGIC = 0x6a736677736872L;
  static final int FLUSH = 1;
  static final int FUA = 2;
  static final int DISCARD = 4;
  static final int MARK = 8;
  static final int METADATA = 16;

  /**
   * One log entry.
   *
   * @param index 0-based position in the log
   * @param sector first sector written (in units of the log's sector size)
   * @param sectors number of sectors
   * @param flags FLUSH, FUA, DISCARD, MARK, METADATA
   * @param dataOffset where its data starts in the log file (writes)
   * @param mark the mark text (marks), else null
   */
  record Entry(int index, long sector, long sectors, int flags, long dataOffset, String mark) {
    boolean is(int flag) {
      return (flags & flag) != 0;
    }

    boolean writesData() {
      return !is(MARK) && sectors > 0;
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder("#" + index);
      if (is(MARK)) {
        return s.append(" mark ").append(mark).toString();
      }
      if (sectors > 0) {
        s.append(is(DISCARD) ? " discard " : " write ").append(sectors).append(" sectors at ").append(sector);
      }
      if (is(FLUSH)) {
        s.append(" FLUSH");
      }
      if (is(FUA)) {
        s.append(" FUA");
      }
      return s.toString();
    }
  }

  final Path file;
  final long base;
  final int sectorSize;
  final List<Entry> entries;

  private LogWrites(Path file, long base, int sectorSize, List<Entry> entries) {
    this.file = file;
    this.base = base;
    this.sectorSize = sectorSize;
    this.entries = List.copyOf(entries);
  }

  /** Reads the log that starts at byte {@code base} of {@code file} and spans {@code length} bytes. */
  static LogWrites read(Path file, long base, long length) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer sb = block(ch, base, 28);
      long magic = sb.getLong(0);
      if (magic != MAGIC) {
        throw new CalibrationException("no dm-log-writes log at byte " + base + " of " + file
            + " (magic " + Long.toHexString(magic) + "); did the guest create the log device?");
      }
      long version = sb.getLong(8);
      long count = sb.getLong(16);
      int sectorSize = sb.getInt(24);
      if (version != 1 || sectorSize < 512 || Integer.bitCount(sectorSize) != 1) {
        throw new CalibrationException("unsupported dm-log-writes log in " + file + " (version " + version
            + ", sector size " + sectorSize + ")");
      }
      List<Entry> out = new ArrayList<>();
      long pos = sectorSize;
      for (int i = 0; i < count; i++) {
        if (pos + sectorSize > length) {
          throw new CalibrationException("dm-log-writes log in " + file + " is cut short at entry " + i + " of " + count);
        }
        ByteBuffer h = block(ch, base + pos, sectorSize);
        long sector = h.getLong(0);
        long sectors = h.getLong(8);
        int flags = (int) h.getLong(16);
        long dataLen = h.getLong(24);
        String mark = null;
        if ((flags & MARK) != 0) {
          int n = (int) Math.min(dataLen, sectorSize - 32);
          byte[] text = new byte[n];
          h.position(32);
          h.get(text);
          mark = new String(text, StandardCharsets.UTF_8);
        }
        pos += sectorSize;
        long dataOffset = base + pos;
        if ((flags & (MARK | DISCARD)) == 0) {
          pos += sectors * sectorSize;
        }
        out.add(new Entry(i, sector, sectors, flags, dataOffset, mark));
      }
      return new LogWrites(file, base, sectorSize, out);
    }
  }

  private static ByteBuffer block(FileChannel ch, long at, int len) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) {
        break;
      }
    }
    b.flip();
    if (b.limit() < len) {
      throw new CalibrationException("dm-log-writes log ends early at byte " + at);
    }
    return b;
  }

  /** The data of a write entry. */
  byte[] data(Entry e) throws IOException {
    byte[] d = new byte[(int) (e.sectors() * sectorSize)];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.wrap(d);
      while (b.hasRemaining()) {
        if (ch.read(b, e.dataOffset() + b.position()) < 0) {
          throw new CalibrationException("dm-log-writes log " + file + " ends inside entry " + e.index());
        }
      }
    }
    return d;
  }

  /** The index of the first entry holding {@code mark}, or -1. */
  int indexOfMark(String mark) {
    for (Entry e : entries) {
      if (e.is(MARK) && mark.equals(e.mark())) {
        return e.index();
      }
    }
    return -1;
  }
}
