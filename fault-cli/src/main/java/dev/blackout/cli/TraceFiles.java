package dev.blackout.cli;

import dev.blackout.core.trace.TornTail;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceFormatException;
import dev.blackout.core.trace.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens a trace file for a command, turning every way it can fail into a {@link CliException}
 * that names the file (and the offset, for damage). Shared by every command taking {@code
 * --trace}.
 */
final class TraceFiles {

  private static final String RECORD_HINT =
      "record one with 'blackout record --trace FILE -- COMMAND'";

  private TraceFiles() {}

  /** Reads {@code file}; a torn tail is not an error here (see {@link #tornTailError}). */
  static Trace read(Path file) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new CliException(
          "trace file '" + file + "' does not exist", "check the path, or " + RECORD_HINT);
    }
    if (Files.isDirectory(file)) {
      throw new CliException(
          "'" + file + "' is a directory, not a trace file", "give the trace file with --trace");
    }
    if (!Files.isReadable(file)) {
      throw new CliException(
          "cannot read trace file '" + file + "': permission denied",
          "check the file's permissions");
    }
    try {
      return TraceReader.read(file);
    } catch (TraceFormatException e) {
      throw formatError(file, e);
    } catch (IOException e) {
      throw new CliException(
          "cannot read trace file '" + file + "': " + e.getMessage(),
          "check the file and the disk",
          e);
    }
  }

  /** The error for a trace whose last record is incomplete (its writer was killed). */
  static CliException tornTailError(Path file, Trace trace) {
    TornTail tail = trace.tornTail().orElseThrow();
    int records = trace.image().entries().size() + trace.ops().size();
    return new CliException(
        "trace file '"
            + file
            + "' is truncated: its last record is torn ("
            + tail.bytes()
            + " bytes at offset "
            + tail.offset()
            + ", the recorder was probably killed)",
        "the "
            + records
            + " whole records before offset "
            + tail.offset()
            + " are intact; record again for a complete trace");
  }

  private static CliException formatError(Path file, TraceFormatException e) {
    if (isNotATrace(e)) {
      return new CliException(
          "'" + file + "' is not a Blackout trace (" + e.getMessage() + ")",
          "give a file written by 'blackout record', or " + RECORD_HINT,
          e);
    }
    return new CliException(
        "trace file '"
            + file
            + "' is corrupt at offset "
            + e.offset()
            + ": "
            + e.getMessage(),
        "the records before offset " + e.offset() + " are intact; record the trace again",
        e);
  }

  /** Damage in the header (offset 0) means the file never was a trace. */
  private static boolean isNotATrace(TraceFormatException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    return e.offset() == 0 || message.contains("not a blackout trace");
  }
}
