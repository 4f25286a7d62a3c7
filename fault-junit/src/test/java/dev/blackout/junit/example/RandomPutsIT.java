package dev.blackout.junit.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.crashtest.CrashScenario;
import dev.blackout.core.crashtest.StateCheck;
import dev.blackout.core.crashtest.Workload;
import dev.blackout.junit.SeededCrashTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Property-style crash tests: random puts (how many, how large) drawn from each seed. A failure
 * names its seed; {@code -Dblackout.seed=N} reruns only that one.
 */
class RandomPutsIT {

  /** Between one and four puts of values up to 9000 bytes (several blocks: torn writes matter). */
  static Workload randomPuts(long seed, Function<Path, ValueStore> storeIn) {
    return (dir, markers) -> {
      Random random = new Random(seed);
      ValueStore store = storeIn.apply(dir);
      int puts = 1 + random.nextInt(4);
      for (int i = 1; i <= puts; i++) {
        int len = random.nextInt(9000);
        store.put("value-" + i + "-" + len + "-" + "x".repeat(len));
        markers.mark("put " + i);
      }
    };
  }

  private static final Pattern VALUE = Pattern.compile("value-([0-9]+)-([0-9]+)-(x*)");

  /** A whole value (its length matches the length it names), as new as the last acknowledged. */
  static final StateCheck WHOLE_AND_DURABLE = (state, acked) -> {
    Path file = state.resolve("value");
    assertTrue(Files.exists(file), "the value file is missing");
    String found = Files.readString(file);
    String shown = found.length() > 20 ? found.substring(0, 20) + "..." : found;
    Matcher m = VALUE.matcher(found);
    assertTrue(m.matches(), "the value file holds '" + shown.replace("\0", "\\0") + "'");
    assertEquals(Integer.parseInt(m.group(2)), m.group(3).length(), "a torn value: " + shown);
    assertTrue(Integer.parseInt(m.group(1)) >= acked.size(),
        "put " + acked.size() + " was acknowledged but the file holds value " + m.group(1));
  };

  static CrashScenario scenario(long seed, Function<Path, ValueStore> store) {
    return CrashScenario.of(randomPuts(seed, store), WHOLE_AND_DURABLE)
        .setup(dir -> Files.writeString(dir.resolve("value"), "value-0-0-"))
        .models("posix")
        .budget(60);
  }

  @TestFactory
  Stream<DynamicTest> randomPutsSurviveAnyCrash() {
    return SeededCrashTests.seeds(5, seed -> scenario(seed, ValueStore::atomicReplace));
  }
}
