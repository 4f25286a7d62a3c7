package dev.blackout.scenarios;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The checksummed record format the log scenarios append: a 4-byte length, a 4-byte CRC32C of the
 * payload, the UTF-8 payload. Recovery reads records from the start and stops at the first that
 * is not whole (a torn or lost tail), as a write-ahead log does.
 */
final class Records {
  private Records() {}

  static byte[] encode(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + payload.length)
        .putInt(payload.length)
        .putInt(crc(payload))
        .put(payload)
        .array();
  }

  /** The whole records from the start of {@code all}, up to the first damaged one. */
  static List<String> decode(byte[] all) {
    List<String> out = new ArrayList<>();
    ByteBuffer buf = ByteBuffer.wrap(all);
    while (buf.remaining() >= 8) {
      int len = buf.getInt();
      int crc = buf.getInt();
      if (len <= 0 || len > buf.remaining()) {
        break;
      }
      byte[] payload = new byte[len];
      buf.get(payload);
      if (crc(payload) != crc) {
        break;
      }
      out.add(new String(payload, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static int crc(byte[] payload) {
    CRC32C c = new CRC32C();
    c.update(payload);
    return (int) c.getValue();
  }
}
