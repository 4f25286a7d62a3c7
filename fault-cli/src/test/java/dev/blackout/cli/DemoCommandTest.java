package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("blackout demo")
class DemoCommandTest {

  @Test
  @DisplayName("does real work end to end, says it is a placeholder, and cleans up")
  void runsEndToEnd() {
    CliRun run = CliRun.of("demo");

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.stderr(), run::toString);
    String out = run.stdout();
    // the trace it wrote and read back, printed as 'show' prints it
    for (var op : DemoWorkload.ops()) {
      assertTrue(out.contains(TraceLines.op(op) + "\n"), () -> "missing op line\n" + out);
    }
    // every crash point of a process crash, from before the first op to after the last
    assertTrue(out.contains("crash after #0: db = 'balance=100\\n' (old)"), out);
    assertTrue(out.contains("crash after #11: db = 'balance=150\\n' (new)"), out);
    assertTrue(out.contains("replace is atomic"), out);
    // the materialized final tree
    assertTrue(out.contains("db (12 B): 'balance=150\\n'"), out);
    assertFalse(out.contains("db.tmp ("), out);
    assertTrue(out.contains("this demo is a placeholder until the recorder and explorer land"));
    Path traceFile = Path.of(out.lines().filter(l -> l.startsWith("wrote ")).findFirst()
        .orElseThrow().split(" ")[1]);
    assertFalse(Files.exists(traceFile.getParent()), "the demo left " + traceFile.getParent());
  }

  @Test
  @DisplayName("--keep leaves a trace that 'show' reads")
  void keepLeavesTrace() throws IOException {
    CliRun run = CliRun.of("demo", "--keep");
    assertEquals(0, run.exitCode(), run::toString);
    Path kept = Path.of(run.outLines().get(run.outLines().size() - 1).substring("kept: ".length()));
    try {
      CliRun show = CliRun.of("show", "--trace", kept.resolve("demo.trace").toString());

      assertEquals(0, show.exitCode(), show::toString);
      assertEquals(2 + DemoWorkload.ops().size(), show.outLines().size(), show::toString);
      assertTrue(Files.isDirectory(kept.resolve("final")));
    } finally {
      TempTrees.deleteRecursively(kept);
    }
  }
}
