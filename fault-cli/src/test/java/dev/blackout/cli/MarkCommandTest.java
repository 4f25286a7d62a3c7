package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkCommandTest {
  @Test
  void outsideARecordingSaysWhatToDo() {
    MarkCommand cmd = new MarkCommand();
    cmd.env = name -> null;
    CommandRun r = CommandRun.of(cmd, "ack", "1");
    assertEquals(2, r.status());
    assertEquals(
        "blackout: BLACKOUT_CONTROL is not set, so there is no recording to mark; run"
            + " 'blackout mark' inside 'blackout record -- COMMAND'\n",
        r.err());
  }

  @Test
  void aRecorderThatIsGoneIsOneLine(@TempDir Path tmp) {
    MarkCommand cmd = new MarkCommand();
    cmd.env = name -> tmp.resolve("no-socket").toString();
    CommandRun r = CommandRun.of(cmd, "ack");
    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("blackout: cannot add the marker through "), r.err());
    assertTrue(r.err().endsWith("still running\n"), r.err());
    assertEquals(1, r.err().lines().count());
  }

  @Test
  void textIsRequired() {
    MarkCommand cmd = new MarkCommand();
    cmd.env = name -> "/nonexistent";
    assertEquals(2, CommandRun.of(cmd).status());
  }

  @Test
  void registeredInMain() {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int status = Main.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), "--help");
    assertEquals(0, status, err.toString());
    assertTrue(out.toString().contains("record"), out.toString());
    assertTrue(out.toString().contains("mark"), out.toString());
  }
}
