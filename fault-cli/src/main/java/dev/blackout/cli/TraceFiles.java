package dev.blackout.cli;

import dev.blackout.core.trace.TornTail;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceFormatException;
import dev.blackout.core.trace.TraceReader;
import java.io.IOException;
import java.io.PrintWriter;
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
            + " are intact (printed above), record again for a complete trace");
  }

  /**
   * Warns on {@code err} that {@code trace} may lack its end: a torn last record, or no
   * end-of-trace record (the recorder did not stop cleanly, or the trace is of format version 1).
   */
  static void warnIncomplete(PrintWriter err, Path file, Trace trace) {
    if (trace.tornTail().isPresent()) {
      TornTail tail = trace.tornTail().get();
      err.println("blackout: warning: trace file '" + file + "' ends in a torn record ("
          + tail.bytes() + " bytes at offset " + tail.offset() + "); using the "
          + trace.ops().size() + " whole ops before it");
    } else if (trace.incomplete()) {
      err.println("blackout: warning: " + missingEnd(file, trace));
    }
    err.flush();
  }

  private static String missingEnd(Path file, Trace trace) {
    String why = trace.header().version() < 2
        ? "its format (version " + trace.header().version() + ") predates the record"
        : "the recorder did not stop cleanly (killed, or the recording failed)";
    return "trace file '" + file + "' has no end-of-trace record: " + why
        + ", so what the workload did after op " + trace.ops().size() + " may be missing";
  }

  /** The error {@code explore} gives for an incomplete trace without --accept-incomplete. */
  static CliException incompleteError(Path file, Trace trace) {
    String what = trace.tornTail().isPresent()
        ? "trace file '" + file + "' ends in a torn record at offset "
            + trace.tornTail().get().offset() + ": the recorder was killed, so what the workload"
            + " did after op " + trace.ops().size() + " is missing"
        : missingEnd(file, trace);
    return new CliException(
        what,
        "record again, or pass --accept-incomplete to explore the " + trace.ops().size()
            + " ops it holds");
  }

  private static CliException formatError(Path file, TraceFormatException e) {
    String detail = withoutFileName(file, e.getMessage());
    String what = "trace file '" + file + "': " + detail;
    if (detail.toLowerCase(Locale.ROOT).contains("not a blackout trace")) {
      return new CliException(what, "give a file written by 'blackout record'", e);
    }
    if (!detail.contains("offset")) {
      what += " (at offset " + e.offset() + ")";
    }
    String lower = detail.toLowerCase(Locale.ROOT);
    if (lower.contains("not supported")) {
      return new CliException(
          what, "read it with the Blackout version that wrote it, or record it again", e);
    }
    return new CliException(
        what,
        "nothing after offset " + e.offset() + " can be trusted, record the trace again",
        e);
  }

  /** The reader's message without the leading "name: " it may carry (the line names the path). */
  private static String withoutFileName(Path file, String message) {
    String text = message == null ? "damaged trace" : message;
    String prefix = file.getFileName() + ": ";
    return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
  }
}
