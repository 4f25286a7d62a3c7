package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code blackout record} input refused before anything is mounted (no FUSE needed). */
class RecordBadInputTest {
  @TempDir Path tmp;

  @Test
  void aTraceInAMissingDirectorySaysWhatAndWhatToDo() {
    CommandRun r = CommandRun.of(new RecordCommand(), "--trace", "/nonexistent/dir/x", "--",
        "true");
    assertEquals(2, r.status(), r.err());
    assertEquals("blackout: the directory of --trace /nonexistent/dir/x does not exist; create"
        + " /nonexistent/dir first or choose another --trace\n", r.err());
  }

  @Test
  void aTraceUnderAFileSaysSo() throws Exception {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    CommandRun r = CommandRun.of(new RecordCommand(), "--trace", file.resolve("x").toString(),
        "--", "true");
    assertEquals(2, r.status(), r.err());
    assertEquals("blackout: --trace " + file.resolve("x") + " is inside " + file
        + ", which is not a directory; choose another --trace\n", r.err());
  }
}
