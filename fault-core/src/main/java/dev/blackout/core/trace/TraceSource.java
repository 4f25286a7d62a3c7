package dev.blackout.core.trace;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file a trace's payloads are read from, through one channel opened on first use and shared
 * by every payload of that trace (positional reads, safe from any thread): exploring a trace reads
 * millions of payloads without opening the file once per payload. The channel is closed when no
 * payload refers to the source any more; a channel closed under a reader (an interrupted thread
 * closes a {@code FileChannel}) is reopened.
 */
final class TraceSource {
  private static final Cleaner CLEANER = Cleaner.create();

  /** The open channel, shared with the cleaning action (which must not refer to the source). */
  private static final class Holder implements Runnable {
    volatile FileChannel channel;

    @Override
    public void run() {
      FileChannel ch = channel;
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException e) {
          // nothing was written through it: nothing is lost
        }
      }
    }
  }

  private final Path file;
  private final boolean shared;
  private final Holder holder = new Holder();

  /** A trace file, read through one shared channel. */
  TraceSource(Path file) {
    this(file, true);
  }

  /**
   * With {@code shared} false, a file every stream opens for itself (a file captured for an
   * initial image: an image may hold more of them than a process may keep open).
   */
  TraceSource(Path file, boolean shared) {
    this.file = file;
    this.shared = shared;
    if (shared) {
      CLEANER.register(this, holder);
    }
  }

  Path file() {
    return file;
  }

  boolean shared() {
    return shared;
  }

  private FileChannel channel() throws IOException {
    FileChannel ch = holder.channel;
    if (ch == null || !ch.isOpen()) {
      synchronized (holder) {
        ch = holder.channel;
        if (ch == null || !ch.isOpen()) {
          ch = FileChannel.open(file, StandardOpenOption.READ);
          holder.channel = ch;
        }
      }
    }
    return ch;
  }

  /**
   * Reads up to {@code len} bytes at {@code pos} into {@code dst}; returns how many (-1 at the end
   * of the file).
   */
  int read(long pos, byte[] dst, int off, int len) throws IOException {
    return read(ByteBuffer.wrap(dst, off, len), pos);
  }

  /** Reads into {@code b} at {@code pos} as {@link FileChannel#read(ByteBuffer, long)} does. */
  int read(ByteBuffer b, long pos) throws IOException {
    int off = b.position();
    for (int attempt = 0; ; attempt++) {
      try {
        int n = channel().read(b, pos + b.position() - off);
        return n < 0 && b.position() > off ? b.position() - off : n;
      } catch (ClosedChannelException e) {
        // another thread was interrupted while reading and closed the shared channel
        if (Thread.currentThread().isInterrupted() || attempt >= 3) {
          throw e;
        }
      }
    }
  }
}
