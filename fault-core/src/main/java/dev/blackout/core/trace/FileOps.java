package dev.blackout.core.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.RandomAccess;

/**
 * The ops of a trace read from a file, decoded again from the file each time one is asked for:
 * the list keeps only where each op's record starts (8 bytes an op), so a trace of millions of ops
 * costs little heap. The records were checked (CRCs, structure, sequence numbers) when the trace
 * was read; the file must stay in place and unchanged while the list is used. Iterating decodes in
 * order through a large window; {@link #get} through a small one. Thread-safe; unmodifiable.
 */
final class FileOps extends AbstractList<TraceOp> implements RandomAccess {
  private static final int RANDOM_WINDOW = 64 * 1024;

  private final TraceSource source;
  private final long fileSize;
  private final int version;
  private final long[] offsets;
  private TraceReader random;

  FileOps(TraceSource source, long fileSize, int version, long[] offsets) {
    this.source = source;
    this.fileSize = fileSize;
    this.version = version;
    this.offsets = offsets;
  }

  @Override
  public int size() {
    return offsets.length;
  }

  /** The op asked for last (the units of one op ask for it one after another). */
  private int lastIndex = -1;
  private TraceOp last;

  @Override
  public synchronized TraceOp get(int index) {
    if (index == lastIndex) {
      return last;
    }
    if (random == null) {
      random = new TraceReader(source, fileSize, version, window(RANDOM_WINDOW));
    }
    TraceOp op = decode(random, index);
    lastIndex = index;
    last = op;
    return op;
  }

  private TraceOp decode(TraceReader reader, int index) {
    try {
      return reader.decodeAt(offsets[index]);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "reading op #" + (index + 1) + " again from " + source.file() + ": " + e.getMessage(), e);
    }
  }

  /** A window of at most {@code max} bytes, no larger than the file needs. */
  private int window(int max) {
    return (int) Math.min(max, Math.max(4096, fileSize));
  }

  /** Decodes in order, with a reader of its own (no lock, read ahead in large chunks). */
  @Override
  public Iterator<TraceOp> iterator() {
    return new Iterator<>() {
      private final TraceReader reader = new TraceReader(source, fileSize, version, window(FileWindow.CAPACITY));
      private int next;

      @Override
      public boolean hasNext() {
        return next < offsets.length;
      }

      @Override
      public TraceOp next() {
        if (next >= offsets.length) {
          throw new NoSuchElementException();
        }
        return decode(reader, next++);
      }
    };
  }
}
