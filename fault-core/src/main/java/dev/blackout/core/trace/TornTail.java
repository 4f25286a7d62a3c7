package dev.blackout.core.trace;

/**
 * The incomplete last record a killed writer left: {@code bytes} bytes starting at {@code offset}
 * in the trace file, ignored by the reader.
 */
public record TornTail(long offset, long bytes) {}
