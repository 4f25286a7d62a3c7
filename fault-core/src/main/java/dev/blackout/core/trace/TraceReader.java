package dev.blackout.core.trace;

import static dev.blackout.core.trace.TraceFormat.*;

import dev.blackout.core.trace.Cursor.MalformedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Reads a trace file. Every whole record is returned; an incomplete last record (a killed writer)
 * is reported as {@link Trace#tornTail()}; a damaged record before the end is a {@link
 * TraceFormatException} naming its offset. Write payloads stay in the file and are read on demand.
 *
 * <p>A tail that is all zero bytes from some record's start is also reported as torn (what a
 * crash of the file system under the writer can leave). The payloads of the returned trace read
 * the file when opened, so the file must stay in place while they are used.
 */
public final class TraceReader {
  private final Path file;
  private final TraceSource source;
  private final String name;
  private final FileWindow in;
  private final long size;
  private final CRC32C crc = new CRC32C();
  private final Cursor cursor;
  private final RecordCodec.PayloadSource payloads = this::payload;
  // The body being decoded, for payload(): where it starts and ends, its last word (the payload
  // CRC of a record with a payload) and the payload length once known (-1 before).
  private long bodyStart;
  private long bodyEnd;
  private int lastWord;
  private long payloadLength;
  /** Whether bodies are checked against their CRC (false when decoding again what was checked). */
  private final boolean verify;
  private int version;

  private TraceReader(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.source = new TraceSource(file);
    this.name = String.valueOf(file.getFileName());
    this.size = channel.size();
    this.in = new FileWindow(channel, size);
    this.cursor = new Cursor(in.bytes, 0, 0);
    this.verify = true;
  }

  /**
   * A decoder of ops already read and checked once: reads through {@code source} with a window of
   * {@code window} bytes (small for random access, large for a pass in order).
   */
  TraceReader(TraceSource source, long size, int version, int window) {
    this.file = source.file();
    this.source = source;
    this.name = String.valueOf(file.getFileName());
    this.size = size;
    this.in = new FileWindow(source::read, size, window);
    this.cursor = new Cursor(in.bytes, 0, 0);
    this.verify = false;
    this.version = version;
  }

  /** The op whose frame starts at {@code pos} (a position {@link #readAll} recorded). */
  TraceOp decodeAt(long pos) throws IOException {
    in.fill(pos, FRAME_HEADER_LENGTH);
    byte[] b = in.bytes;
    int h = in.index(pos);
    int type = b[h + 2] & 0xff;
    long bodyLength = getInt(b, h + 4) & 0xFFFF_FFFFL;
    return (TraceOp) readBody(pos, type, pos + FRAME_HEADER_LENGTH, bodyLength);
  }

  public static Trace read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return new TraceReader(file, ch).readAll();
    }
  }

  private Trace readAll() throws IOException {
    TraceHeader header = readHeader();
    List<InitialImage.Entry> entries = new ArrayList<>();
    long[] offsets = new long[1024];
    int opCount = 0;
    boolean imageEnded = false;
    boolean traceEnded = false;
    TornTail torn = null;
    long pos = FILE_HEADER_LENGTH;
    while (pos < size) {
      long remaining = size - pos;
      if (remaining < FRAME_HEADER_LENGTH) {
        torn = new TornTail(pos, remaining);
        break;
      }
      in.fill(pos, FRAME_HEADER_LENGTH);
      byte[] b = in.bytes;
      int h = in.index(pos);
      int sync = (b[h] & 0xff) << 8 | (b[h + 1] & 0xff);
      int type = b[h + 2] & 0xff;
      long bodyLength = getInt(b, h + 4) & 0xFFFF_FFFFL;
      crc.reset();
      crc.update(b, h, 8);
      if (sync != SYNC || b[h + 3] != 0 || (int) crc.getValue() != getInt(b, h + 8)) {
        if (in.zeroFrom(pos)) {
          torn = new TornTail(pos, remaining);
          break;
        }
        throw damaged(pos, "has a damaged header");
      }
      long frameLength = FRAME_HEADER_LENGTH + bodyLength + FRAME_TRAILER_LENGTH;
      if (remaining < frameLength) {
        torn = new TornTail(pos, remaining);
        break;
      }
      if (!isKnownType(type)) {
        throw damaged(pos, "has unknown type " + type);
      }
      if (traceEnded) {
        throw damaged(pos, "follows the end-of-trace record");
      }
      if (type == TRACE_END && version < 2) {
        throw damaged(pos, "is an end-of-trace record in a version " + version + " trace");
      }
      long bodyStart = pos + FRAME_HEADER_LENGTH;
      Object record = readBody(pos, type, bodyStart, bodyLength);
      if (type == TRACE_END) {
        if (!imageEnded) {
          throw damaged(pos, "ends the trace inside its initial image");
        }
        long last = (Long) record;
        if (last != opCount) {
          throw damaged(pos, "ends the trace after op " + last + ", but " + opCount + " ops came before it");
        }
        traceEnded = true;
      } else if (type == IMAGE_ENTRY) {
        if (imageEnded) {
          throw damaged(pos, "is an image entry after the end of the initial image");
        }
        entries.add((InitialImage.Entry) record);
      } else if (type == IMAGE_END) {
        if (imageEnded) {
          throw damaged(pos, "ends the initial image a second time");
        }
        imageEnded = true;
      } else {
        if (!imageEnded) {
          throw damaged(pos, "is an op before the end of the initial image");
        }
        TraceOp op = (TraceOp) record;
        if (op.seq() != opCount + 1L) {
          throw damaged(pos, "has seq " + op.seq() + ", expected " + (opCount + 1));
        }
        if (opCount == offsets.length) {
          offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[opCount++] = pos;
      }
      pos += frameLength;
    }
    if (!imageEnded) {
      String where = torn == null ? "" : " (torn at offset " + torn.offset() + ")";
      throw new TraceFormatException(
          torn == null ? size : torn.offset(),
          name + ": the trace ends inside its initial image" + where
              + "; the recorder stopped before recording began");
    }
    // ops are decoded again from the file when asked for: a long trace costs 8 bytes of heap an op
    FileOps ops = new FileOps(source, size, version, Arrays.copyOf(offsets, opCount));
    return new Trace(
        header, new InitialImage(entries), ops, Optional.ofNullable(torn), traceEnded);
  }

  private TraceHeader readHeader() throws IOException {
    if (size == 0) {
      throw new TraceFormatException(0, name + ": empty file, not a Blackout trace");
    }
    int n = (int) Math.min(size, FILE_HEADER_LENGTH);
    in.fill(0, n);
    byte[] b = in.bytes;
    int m = Math.min(n, MAGIC.length);
    if (!Arrays.equals(b, 0, m, MAGIC, 0, m)) {
      throw new TraceFormatException(0, name + ": not a Blackout trace (wrong magic number)");
    }
    if (n < FILE_HEADER_LENGTH) {
      throw new TraceFormatException(
          0, name + ": the trace header is truncated (" + size + " of " + FILE_HEADER_LENGTH
              + " bytes)");
    }
    crc.reset();
    crc.update(b, 0, 24);
    if ((int) crc.getValue() != getInt(b, 24)) {
      throw new TraceFormatException(0, name + ": the trace header fails its checksum (corrupt trace)");
    }
    version = getInt(b, 8);
    if (version < TraceHeader.OLDEST_READABLE_VERSION || version > TraceHeader.CURRENT_VERSION) {
      throw new TraceFormatException(
          8, name + ": trace format version " + version + " is not supported (this reader supports"
              + " versions " + TraceHeader.OLDEST_READABLE_VERSION + " to "
              + TraceHeader.CURRENT_VERSION + ")");
    }
    return new TraceHeader(version, getLong(b, 16));
  }

  /** Checks the body's CRC and decodes it. */
  private Object readBody(long frameStart, int type, long start, long bodyLength)
      throws IOException {
    bodyStart = start;
    bodyEnd = start + bodyLength;
    payloadLength = -1;
    lastWord = 0;
    int window;
    int storedCrc = 0;
    crc.reset();
    if (!verify) {
      // decoded before: only the last word (a payload's CRC) and the fixed part are needed
      if (bodyLength >= 4) {
        in.fill(bodyEnd - 4, 4);
        lastWord = getInt(in.bytes, in.index(bodyEnd - 4));
      }
      window = (int) Math.min(bodyLength, in.capacity());
      in.fill(start, window);
    } else if (bodyLength + FRAME_TRAILER_LENGTH <= in.capacity()) {
      int len = (int) bodyLength;
      in.fill(start, len + FRAME_TRAILER_LENGTH);
      int i = in.index(start);
      crc.update(in.bytes, i, len);
      storedCrc = getInt(in.bytes, i + len);
      if (len >= 4) {
        lastWord = getInt(in.bytes, i + len - 4);
      }
      window = len;
    } else {
      in.crc(start, bodyLength, crc);
      in.fill(bodyEnd - 4, 8);
      lastWord = getInt(in.bytes, in.index(bodyEnd - 4));
      storedCrc = getInt(in.bytes, in.index(bodyEnd));
      window = in.capacity();
      in.fill(start, window);
    }
    if (verify && (int) crc.getValue() != storedCrc) {
      throw damaged(frameStart, "fails its checksum");
    }
    int i = in.index(start);
    cursor.reset(i, i + window);
    try {
      Object record;
      if (type == IMAGE_ENTRY) {
        record = RecordCodec.decodeEntry(cursor, payloads);
      } else if (type == IMAGE_END) {
        record = null;
      } else if (type == TRACE_END) {
        record = cursor.getLong();
      } else {
        record = RecordCodec.decodeOp(type, cursor, payloads, version);
      }
      long used = cursor.consumed() + (payloadLength >= 0 ? payloadLength + 4 : 0);
      if (used != bodyLength) {
        throw new MalformedException(
            "body holds " + bodyLength + " bytes, the record uses " + used);
      }
      return record;
    } catch (MalformedException | IllegalArgumentException e) {
      throw damaged(frameStart, "is malformed: " + e.getMessage());
    }
  }

  /** The payload of the body being decoded: the rest of the body but its last 4 bytes (its CRC). */
  private Payload payload(long length) throws MalformedException {
    long payloadStart = bodyStart + cursor.consumed();
    if (length < 0 || payloadStart + length + 4 != bodyEnd) {
      throw new MalformedException("payload length " + length + " does not fit the body");
    }
    payloadLength = length;
    return length == 0 ? Payload.empty() : new FileRegionPayload(source, payloadStart, length, lastWord);
  }

  private TraceFormatException damaged(long offset, String what) {
    return new TraceFormatException(
        offset, name + ": record at offset " + offset + " " + what + " (corrupt trace)");
  }
}
