package dev.blackout.core.check;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the first {@code limit} bytes of a checker's output and counts what it dropped. */
final class OutputBuffer {

  /** The default cap on kept output: 64 KiB. */
  static final int DEFAULT_LIMIT = 64 * 1024;

  private final int limit;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private long dropped;

  OutputBuffer(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit (" + limit + ") must not be negative");
    }
    this.limit = limit;
  }

  void append(byte[] bytes, int offset, int length) {
    int room = Math.max(0, limit - kept.size());
    int keep = Math.min(room, length);
    kept.write(bytes, offset, keep);
    dropped += length - keep;
  }

  long dropped() {
    return dropped;
  }

  /** The kept output as text, followed by a note when something was dropped. */
  String text() {
    String text = kept.toString(StandardCharsets.UTF_8);
    return dropped == 0 ? text : text + truncationNote(dropped);
  }

  static String truncationNote(long droppedBytes) {
    return "\n[output truncated: " + droppedBytes + " more bytes not kept]";
  }

  /** Caps a message already in memory (an exception's stack) the same way. */
  static String cap(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    OutputBuffer buffer = new OutputBuffer(DEFAULT_LIMIT);
    buffer.append(bytes, 0, bytes.length);
    return buffer.text();
  }
}
