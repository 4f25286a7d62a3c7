package dev.blackout.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes dm-log-writes logs in the kernel's layout, for tests (512-byte sectors). */
final class LogBuilder {
  static final int SECTOR = 512;
  private final List<byte[]> blocks = new ArrayList<>();
  private int entries;

  LogBuilder write(long sector, byte fill, int sectors, int flags) {
    header(sector, sectors, flags, 0, null);
    byte[] data = new byte[sectors * SECTOR];
    java.util.Arrays.fill(data, fill);
    for (int i = 0; i < sectors; i++) {
      blocks.add(java.util.Arrays.copyOfRange(data, i * SECTOR, (i + 1) * SECTOR));
    }
    return this;
  }

  LogBuilder flush() {
    header(0, 0, LogWrites.FLUSH, 0, null);
    return this;
  }

  LogBuilder mark(String text) {
    header(0, 0, LogWrites.MARK, text.length(), text);
    return this;
  }

  LogBuilder ack(String text) {
    return mark("a=" + java.util.HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8)));
  }

  private void header(long sector, long sectors, int flags, long dataLen, String mark) {
    ByteBuffer b = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(sector).putLong(sectors).putLong(flags).putLong(dataLen);
    if (mark != null) {
      b.put(mark.getBytes(StandardCharsets.UTF_8));
    }
    blocks.add(b.array());
    entries++;
  }

  /** Writes the log with a super block counting {@code count} entries (default: all). */
  Path writeTo(Path file, long count) throws IOException {
    ByteBuffer sb = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
    sb.putLong(LogWrites.MAGIC).putLong(1).putLong(count).putInt(SECTOR);
    List<byte[]> all = new ArrayList<>();
    all.add(sb.array());
    all.addAll(blocks);
    byte[] out = new byte[all.size() * SECTOR];
    for (int i = 0; i < all.size(); i++) {
      System.arraycopy(all.get(i), 0, out, i * SECTOR, SECTOR);
    }
    Files.write(file, out);
    return file;
  }

  Path writeTo(Path file) throws IOException {
    return writeTo(file, entries);
  }
}
