package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.scenarios.Catalog;
import dev.blackout.scenarios.Scenario;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code blackout scenarios} and {@code blackout demo} without FUSE: selection and bad input. */
@DisplayName("blackout scenarios / demo")
class ScenariosCommandTest {

  @Test
  @DisplayName("--list prints every scenario with its expected verdicts")
  void listsTheCatalog() {
    CliRun run = CliRun.of("scenarios", "--list");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(Catalog.all().size(), run.outLines().size(), run::toString);
    assertTrue(run.outLines().get(0).startsWith("OverwriteInPlace  prefix=A  drop-unsynced=A"),
        run::toString);
  }

  @Test
  @DisplayName("an unknown scenario is one line naming it, exit 2")
  void unknownScenario() {
    CliRun run = CliRun.of("scenarios", "--only", "NoSuchThing", "--list");
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(1, run.errLines().size(), run::toString);
    assertTrue(run.stderr().contains("unknown scenario NoSuchThing; known: OverwriteInPlace"),
        run::toString);
    assertTrue(run.stderr().contains("blackout scenarios --list"), run::toString);
  }

  @Test
  @DisplayName("an unknown model or rename mode, a zero budget or zero jobs is one line, exit 2,"
      + " nothing run")
  void badOptions() {
    for (List<String> args : List.of(
        List.of("scenarios", "--model", "ext5"),
        List.of("scenarios", "--budget", "0"),
        List.of("scenarios", "--jobs", "0"),
        List.of("scenarios", "--rename", "sideways"))) {
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(2, run.exitCode(), run::toString);
      assertEquals(1, run.errLines().size(), run::toString);
      assertEquals("", run.stdout(), run::toString);
    }
    assertTrue(CliRun.of("scenarios", "--model", "ext5").stderr().contains("unknown model 'ext5'"));
    assertTrue(CliRun.of("scenarios", "--rename", "sideways").stderr()
        .contains("--rename 'sideways' is not atomic or split"));
  }

  @Test
  @DisplayName("the demo runs at least 10 scenarios, seed patterns first")
  void demoSelection() {
    List<Scenario> demo = Catalog.demo();
    assertTrue(demo.size() >= 10, demo.toString());
    boolean seen = false;
    for (Scenario s : demo) {
      if (!s.seed()) {
        seen = true;
      } else {
        assertTrue(!seen, "seed pattern " + s.name() + " after a library scenario");
      }
    }
    assertEquals(Catalog.all().get(0), demo.get(0));
  }
}
