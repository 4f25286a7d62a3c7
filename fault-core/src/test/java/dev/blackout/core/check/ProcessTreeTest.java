package dev.blackout.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessTreeTest {

  @ParameterizedTest(name = "pid {0}, checker {1}, last {2} -> {3}")
  @CsvSource({
    // no wrap: only pids from the checker's on
    "500, 400, 900, true",
    "400, 400, 900, true",
    "399, 400, 900, false",
    "30000, 400, 900, true", // older than the checker but above it: read, harmlessly
    // wrapped since the checker started (32768 -> 1): both ends
    "32000, 31000, 150, true",
    "100, 31000, 150, true",
    "151, 31000, 150, false",
    "30999, 31000, 150, false",
    // ns_last_pid unreadable: everything
    "1, 400, -1, true",
    // firstPid 0: everything (a long check)
    "7, 0, 5, true"
  })
  void pidsThatMayBelongToTheCheck(long pid, long firstPid, long lastPid, boolean expected) {
    assertEquals(expected, ProcessTree.mayBeYounger(pid, firstPid, lastPid));
  }

  @ParameterizedTest(name = "environ ''{0}''")
  @CsvSource({
    "'A=1|BLACKOUT_CHECK_RUN=t|B=2', true",
    "'BLACKOUT_CHECK_RUN=t', true",
    "'BLACKOUT_CHECK_RUN=tt|B=2', false",
    "'XBLACKOUT_CHECK_RUN=t', false",
    "'A=1|', false",
    "'', false"
  })
  void theTokenMustBeOneWholeEnvironmentEntry(String environ, boolean expected) {
    byte[] bytes = environ.replace('|', '\0').getBytes(StandardCharsets.UTF_8);
    byte[] needle = "BLACKOUT_CHECK_RUN=t".getBytes(StandardCharsets.UTF_8);
    assertEquals(expected, ProcessTree.containsEntry(bytes, needle));
  }
}
