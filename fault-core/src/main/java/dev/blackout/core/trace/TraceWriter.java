package dev.blackout.core.trace;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongFunction;

/**
 * Appends a trace to a file while a workload runs (format: docs/trace-format.md). Thread-safe.
 * Records reach the OS in order; a writer killed at any moment leaves a file whose every whole
 * record is readable. Payloads are streamed, never retained.
 *
 * <p>Use: {@link #create}, then the image ({@link #imageEntry} for each entry and {@link #endImage},
 * or {@link #writeImage}), then ops ({@link #appendNext} or {@link #append}), then {@link #close}.
 */
public final class TraceWriter implements Closeable {

  private TraceWriter() {}

  /** Creates a new trace file; fails if {@code file} exists. */
  public static TraceWriter create(Path file) throws IOException {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Streams one entry of the initial image (its content may be {@link Payload#ofFile}). */
  public void imageEntry(InitialImage.Entry entry) throws IOException {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Ends the initial image; ops may follow. */
  public void endImage() throws IOException {
    throw new UnsupportedOperationException("not built yet");
  }

  /** {@link #imageEntry} for each entry, then {@link #endImage}. */
  public void writeImage(InitialImage image) throws IOException {
    for (InitialImage.Entry e : image.entries()) {
      imageEntry(e);
    }
    endImage();
  }

  /** Appends {@code op}, whose seq must be {@link #lastSeq()} + 1. */
  public void append(TraceOp op) throws IOException {
    throw new UnsupportedOperationException("not built yet");
  }

  /**
   * Appends the op {@code factory} builds for the next sequence number, atomically with respect to
   * other appends; returns that sequence number.
   */
  public long appendNext(LongFunction<TraceOp> factory) throws IOException {
    throw new UnsupportedOperationException("not built yet");
  }

  /** The seq of the last op appended, 0 before the first. Safe to read from any thread. */
  public long lastSeq() {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Hands buffered records to the OS (they then survive the writer's process being killed). */
  public void flush() throws IOException {
    throw new UnsupportedOperationException("not built yet");
  }

  @Override
  public void close() throws IOException {
    throw new UnsupportedOperationException("not built yet");
  }
}
