package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.model.ModelCatalog;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("blackout models")
class ModelsCommandTest {

  @Test
  @DisplayName("lists the four models of design.md section 3, one per line, with their status")
  void listsFourModels() {
    CliRun run = CliRun.of("models");

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.stderr(), run::toString);
    List<String> lines = run.outLines();
    List<String> names = lines.stream().map(l -> l.split("\\s+")[0]).toList();
    assertEquals(List.of("prefix", "drop-unsynced", "ext4-ordered", "posix"), names, run::toString);
    for (String line : lines) {
      String name = line.split("\\s+")[0];
      ModelCatalog.ModelInfo info = ModelCatalog.byName(name).orElseThrow();
      assertTrue(line.contains(info.standsFor()), line);
      assertTrue(
          line.contains(info.implemented() ? " implemented " : " not implemented yet "), line);
    }
  }
}
