package dev.blackout.core.trace;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a trace file. Every whole record is returned; an incomplete last record (a killed writer)
 * is reported as {@link Trace#tornTail()}; a damaged record before the end is a {@link
 * TraceFormatException} naming its offset. Write payloads stay in the file and are read on demand.
 */
public final class TraceReader {
  private TraceReader() {}

  public static Trace read(Path file) throws IOException {
    throw new UnsupportedOperationException("not built yet");
  }
}
