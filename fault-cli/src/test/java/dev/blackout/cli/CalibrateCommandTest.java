package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.Arguments;
import java.util.stream.Stream;

/** Bad input to {@code blackout calibrate} is one line on stderr and exit status 2, before any guest starts. */
@DisplayName("blackout calibrate: bad input")
class CalibrateCommandTest {
  @TempDir static Path tmp;

  static Stream<Arguments> cases() throws Exception {
    Path script = Files.writeString(Files.createDirectories(tmp).resolve("w.sh"), "true\n");
    return Stream.of(
        Arguments.of(List.of("calibrate"), "blackout: no workload given; put it after --"),
        Arguments.of(List.of("calibrate", "--suite", "--", script.toString()), "blackout: --suite runs the conformance suite"),
        Arguments.of(List.of("calibrate", "--fs", "zfs", "--", script.toString()), "blackout: unknown file system 'zfs'"),
        Arguments.of(List.of("calibrate", "--model", "nope", "--", script.toString()), "blackout: unknown model 'nope'"),
        Arguments.of(List.of("calibrate", "--", tmp.resolve("missing.sh").toString()), "blackout: workload '"),
        Arguments.of(List.of("calibrate", "--setup", tmp.resolve("none").toString(), "--", script.toString()),
            "blackout: --setup "),
        Arguments.of(List.of("calibrate", "--suite", "--only", "no-such"), "blackout: no suite workload 'no-such'"),
        Arguments.of(List.of("calibrate", "--reorder", "-1", "--", script.toString()), "blackout: counts must not be negative"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void oneLineAndStatusTwo(List<String> args, String start) {
    CliRun run = CliRun.of(args.toArray(new String[0]));
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(1, run.errLines().size(), run::toString);
    assertTrue(run.stderr().startsWith(start), run::toString);
  }
}
