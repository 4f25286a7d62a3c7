package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.trace.TraceOp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Keeps the README's worked example true: it quotes what 'show' prints for the demo's trace. */
@DisplayName("README worked example")
class ReadmeExampleTest {

  @Test
  @DisplayName("the 'blackout show' output in README.md is what show prints for the demo trace")
  void showOutputMatches() throws IOException {
    Path readme = Path.of("..", "README.md");
    assertTrue(Files.exists(readme), "run from the fault-cli module: " + readme.toAbsolutePath());
    List<String> quoted =
        Files.readAllLines(readme).stream()
            .filter(l -> l.startsWith("image '") || l.matches("#\\d+ pid .*"))
            .toList();
    List<String> expected = new ArrayList<>();
    TraceLines.image(DemoWorkload.image(), expected::add);
    for (TraceOp op : DemoWorkload.ops()) {
      expected.add(TraceLines.op(op));
    }

    assertEquals(expected, quoted);
  }

  @Test
  @DisplayName("the JSON line quoted in README.md is what --json prints for the demo's write")
  void jsonLineMatches() throws IOException {
    List<String> quoted =
        Files.readAllLines(Path.of("..", "README.md")).stream()
            .filter(l -> l.startsWith("{\"kind\""))
            .toList();

    assertEquals(List.of(new TraceJson().op(DemoWorkload.ops().get(1))), quoted);
  }
}
