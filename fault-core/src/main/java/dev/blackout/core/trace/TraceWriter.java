package dev.blackout.core.trace;

import static dev.blackout.core.trace.TraceFormat.*;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongFunction;
import java.util.zip.CRC32C;

/**
 * Appends a trace to a file while a workload runs (format: docs/trace-format.md). Thread-safe.
 * Records reach the OS in order; a writer killed at any moment leaves a file whose every whole
 * record is readable. Payloads are streamed, never retained.
 *
 * <p>Use: {@link #create}, then the image ({@link #imageEntry} for each entry and {@link #endImage},
 * or {@link #writeImage}), then ops ({@link #appendNext} or {@link #append}), then {@link #close}.
 *
 * <p>Small records are gathered in a buffer; a payload larger than {@link #INLINE_PAYLOAD} goes
 * straight to the file. The buffer is handed to the OS when full, at {@link #endImage}, after every
 * {@link TraceOp.Marker} (a marker records a promise, so it must survive the recorder), on {@link
 * #flush} and on {@link #close}. An I/O failure in the middle of a record leaves the writer broken:
 * further calls fail rather than write behind a partial record.
 */
public final class TraceWriter implements Closeable {

  static final int BUFFER_SIZE = 256 * 1024;
  static final int INLINE_PAYLOAD = 64 * 1024;
  private static final int COPY_CHUNK = 1024 * 1024;

  private enum State {
    IMAGE,
    OPS,
    CLOSED,
    BROKEN
  }

  private final Path file;
  private final FileChannel channel;
  private final byte[] buf = new byte[BUFFER_SIZE];
  private final Sink fixed = new Sink();
  private final CRC32C bodyCrc = new CRC32C();
  private final CRC32C payloadCrc = new CRC32C();
  private byte[] copyBuf;
  private int used;
  private State state = State.IMAGE;
  private volatile long lastSeq;

  private TraceWriter(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /** Creates a new trace file; fails if {@code file} exists. */
  public static TraceWriter create(Path file) throws IOException {
    FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    TraceWriter w = new TraceWriter(file, ch);
    try {
      TraceHeader h = new TraceHeader(TraceHeader.CURRENT_VERSION, nowNanos());
      writeFully(ch, ByteBuffer.wrap(fileHeader(h)));
    } catch (IOException | RuntimeException e) {
      try {
        ch.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return w;
  }

  private static long nowNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** Streams one entry of the initial image (its content may be {@link Payload#ofFile}). */
  public synchronized void imageEntry(InitialImage.Entry entry) throws IOException {
    require(State.IMAGE, "image entries must come before endImage()");
    fixed.reset();
    int type = RecordCodec.encodeEntry(entry, fixed);
    writeRecord(type, entry.content());
  }

  /** Ends the initial image; ops may follow. The image is then handed to the OS. */
  public synchronized void endImage() throws IOException {
    require(State.IMAGE, "endImage() may be called once, before any op");
    fixed.reset();
    writeRecord(IMAGE_END, null);
    state = State.OPS;
    drain();
  }

  /** {@link #imageEntry} for each entry, then {@link #endImage}. */
  public void writeImage(InitialImage image) throws IOException {
    for (InitialImage.Entry e : image.entries()) {
      imageEntry(e);
    }
    endImage();
  }

  /** Appends {@code op}, whose seq must be {@link #lastSeq()} + 1. */
  public synchronized void append(TraceOp op) throws IOException {
    require(State.OPS, "ops must come after endImage() and before close()");
    if (op.seq() != lastSeq + 1) {
      throw new IllegalStateException(
          "op has seq " + op.seq() + " but the next seq is " + (lastSeq + 1));
    }
    fixed.reset();
    int type = RecordCodec.encodeOp(op, fixed);
    writeRecord(type, RecordCodec.payloadOf(op));
    lastSeq = op.seq();
    if (op instanceof TraceOp.Marker) {
      drain();
    }
  }

  /**
   * Appends the op {@code factory} builds for the next sequence number, atomically with respect to
   * other appends; returns that sequence number.
   */
  public synchronized long appendNext(LongFunction<TraceOp> factory) throws IOException {
    require(State.OPS, "ops must come after endImage() and before close()");
    long seq = lastSeq + 1;
    append(factory.apply(seq));
    return seq;
  }

  /** The seq of the last op appended, 0 before the first. Safe to read from any thread. */
  public long lastSeq() {
    return lastSeq;
  }

  /** Hands buffered records to the OS (they then survive the writer's process being killed). */
  public synchronized void flush() throws IOException {
    if (state == State.CLOSED) {
      return;
    }
    require(state, null);
    drain();
  }

  /**
   * Ends the trace with the end-of-trace record (when the image was ended and nothing failed),
   * hands everything to the OS and closes the file. Idempotent. A reader tells a trace closed this
   * way from one whose recorder was killed ({@link Trace#ended()}).
   */
  @Override
  public synchronized void close() throws IOException {
    close(true);
  }

  /**
   * Hands everything to the OS and closes the file without the end-of-trace record: the trace
   * reads as incomplete, as if the recorder had been killed. Idempotent.
   */
  public synchronized void abandon() throws IOException {
    close(false);
  }

  private void close(boolean end) throws IOException {
    if (state == State.CLOSED) {
      return;
    }
    try {
      if (end && state == State.OPS) {
        fixed.reset();
        fixed.putLong(lastSeq);
        writeRecord(TRACE_END, null);
      }
      if (state != State.BROKEN) {
        drain();
      }
    } finally {
      state = State.CLOSED;
      channel.close();
    }
  }

  private void require(State expected, String message) throws IOException {
    if (state == State.BROKEN) {
      throw new IOException(file + ": the trace writer failed earlier; the trace ends there");
    }
    if (state == State.CLOSED) {
      throw new IllegalStateException("trace writer for " + file + " is closed");
    }
    if (state != expected) {
      throw new IllegalStateException(message);
    }
  }

  /** Frames the fixed part in {@link #fixed} plus {@code payload} (null if none) and writes it. */
  private void writeRecord(int type, Payload payload) throws IOException {
    long payloadLength = payload == null ? 0 : payload.length();
    long bodyLength = fixed.length + (payload == null ? 0 : payloadLength + 4);
    if (bodyLength > MAX_BODY) {
      throw new IOException(
          "payload of " + payloadLength + " bytes is too large for one trace record (max 4 GiB)");
    }
    try {
      room(FRAME_HEADER_LENGTH);
      frameHeader(buf, used, type, bodyLength);
      used += FRAME_HEADER_LENGTH;
      bodyCrc.reset();
      bodyCrc.update(fixed.bytes, 0, fixed.length);
      put(fixed.bytes, 0, fixed.length);
      if (payload != null) {
        writePayload(payload, payloadLength);
        int pcrc = (int) payloadCrc.getValue();
        room(4);
        putInt(buf, used, pcrc);
        bodyCrc.update(buf, used, 4);
        used += 4;
      }
      room(4);
      putInt(buf, used, (int) bodyCrc.getValue());
      used += 4;
    } catch (IOException | RuntimeException e) {
      state = State.BROKEN;
      try {
        drain();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private void writePayload(Payload payload, long length) throws IOException {
    payloadCrc.reset();
    ByteBuffer mem = payload.inMemory();
    if (mem != null) {
      if (length <= INLINE_PAYLOAD) {
        room((int) length);
        mem.get(buf, used, (int) length);
        payloadCrc.update(buf, used, (int) length);
        bodyCrc.update(buf, used, (int) length);
        used += (int) length;
      } else {
        drain();
        payloadCrc.update(mem.duplicate());
        bodyCrc.update(mem.duplicate());
        writeFully(channel, mem);
      }
      return;
    }
    if (length > INLINE_PAYLOAD) {
      drain();
    }
    if (copyBuf == null) {
      copyBuf = new byte[COPY_CHUNK];
    }
    long left = length;
    try (InputStream in = payload.openStream()) {
      while (left > 0) {
        int n = in.readNBytes(copyBuf, 0, (int) Math.min(copyBuf.length, left));
        if (n == 0) {
          throw new IOException(
              "payload ended after " + (length - left) + " of its " + length + " bytes"
                  + " (did the captured file change?)");
        }
        payloadCrc.update(copyBuf, 0, n);
        bodyCrc.update(copyBuf, 0, n);
        put(copyBuf, 0, n);
        left -= n;
      }
      if (in.read() >= 0) {
        throw new IOException("payload is longer than its " + length + " bytes");
      }
    }
  }

  /** Copies into the buffer, or straight to the file when it does not fit. */
  private void put(byte[] b, int off, int len) throws IOException {
    if (len > buf.length - used) {
      drain();
      if (len > buf.length) {
        writeFully(channel, ByteBuffer.wrap(b, off, len));
        return;
      }
    }
    System.arraycopy(b, off, buf, used, len);
    used += len;
  }

  private void room(int n) throws IOException {
    if (buf.length - used < n) {
      drain();
    }
  }

  private void drain() throws IOException {
    if (used > 0) {
      writeFully(channel, ByteBuffer.wrap(buf, 0, used));
      used = 0;
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }
}
