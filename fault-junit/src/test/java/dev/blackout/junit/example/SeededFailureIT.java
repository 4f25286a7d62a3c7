package dev.blackout.junit.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** A seeded crash test names the failing seed, and -Dblackout.seed=N reruns only that one. */
class SeededFailureIT {

  private static Events run() {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(RandomPutsWithoutFsyncExample.class))
        .execute()
        .testEvents();
  }

  @Test
  void everySeedFailsNamingItself() throws IOException {
    Events tests = run();
    tests.assertStatistics(s -> s.started(3).failed(3));
    for (Event e : tests.failed().list()) {
      String name = e.getTestDescriptor().getDisplayName();
      assertTrue(name.matches("seed [123]"), name);
      String m = message(e);
      assertTrue(m.contains("-Dtest=RandomPutsWithoutFsyncExample#randomPutsSurviveAnyCrash -Dblackout.seed="
          + name.substring(5) + " -Dblackout.trace="), m);
      assertTrue(m.contains("/target/blackout/RandomPutsWithoutFsyncExample/randomPutsSurviveAnyCrash/"
          + name.replace(' ', '-') + "/trace"), m);
      deleteEvidence(m);
    }
  }

  @Test
  void theSeedPropertyRerunsOnlyThatSeed() throws IOException {
    System.setProperty("blackout.seed", "2");
    Events tests;
    try {
      tests = run();
    } finally {
      System.clearProperty("blackout.seed");
    }
    tests.assertStatistics(s -> s.started(1).failed(1));
    Event only = tests.failed().list().get(0);
    assertEquals("seed 2", only.getTestDescriptor().getDisplayName());
    deleteEvidence(message(only));
  }

  private static String message(Event e) {
    return e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow().getMessage();
  }

  private static void deleteEvidence(String message) throws IOException {
    Matcher m = Pattern.compile("trace and failing states kept in (\\S+)").matcher(message);
    assertTrue(m.find(), message);
    RenameWithoutFsyncIT.delete(Path.of(m.group(1)));
  }

}
