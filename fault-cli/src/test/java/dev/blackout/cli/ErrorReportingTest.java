package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every failure is one line {@code blackout: <what>; <todo>} on stderr and exit status 2. */
@DisplayName("error reporting")
class ErrorReportingTest {

  @TempDir Path dir;

  /** Asserts the one-line error contract and returns that line. */
  static String oneErrorLine(CliRun run) {
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(1, run.errLines().size(), () -> "expected exactly one stderr line\n" + run);
    String line = run.errLines().get(0);
    assertTrue(line.startsWith("blackout: "), line);
    assertTrue(line.contains("; "), () -> "no '; what to do' part: " + line);
    assertTrue(!line.contains("Exception") && !line.contains("\tat "), line);
    return line;
  }

  @Test
  @DisplayName("'show' on a missing file names the file")
  void missingTrace() {
    Path missing = dir.resolve("no-such.trace");

    CliRun run = CliRun.of("show", "--trace", missing.toString());

    String line = oneErrorLine(run);
    assertTrue(line.contains(missing.toString()), line);
    assertTrue(line.contains("does not exist"), line);
    assertEquals("", run.stdout());
  }

  @Test
  @DisplayName("'show' on a directory says it is not a trace file")
  void directoryAsTrace() {
    CliRun run = CliRun.of("show", "--trace", dir.toString());

    String line = oneErrorLine(run);
    assertTrue(line.contains(dir.toString()) && line.contains("directory"), line);
  }

  @Test
  @DisplayName("'show' on an unreadable file says so")
  void unreadableTrace() throws IOException {
    Path file = Files.writeString(dir.resolve("secret.trace"), "x");
    file.toFile().setReadable(false, false);
    if (Files.isReadable(file)) {
      // Running as root: permissions do not stop reading; the other tests cover the contract.
      return;
    }

    CliRun run = CliRun.of("show", "--trace", file.toString());

    String line = oneErrorLine(run);
    assertTrue(line.contains("permission denied"), line);
  }

  @ParameterizedTest(name = "blackout {0}")
  @ValueSource(
      strings = {
        "",
        "no-such-command",
        "show",
        "show --trace",
        "show --trace a.trace --bogus",
        "models extra-argument",
        "--bogus"
      })
  @DisplayName("usage errors are one line with exit 2 and point at --help")
  void usageErrors(String args) {
    CliRun run = CliRun.of(args.isEmpty() ? new String[0] : args.split(" "));

    String line = oneErrorLine(run);
    assertTrue(line.contains("--help"), line);
    assertEquals("", run.stdout(), run::toString);
  }

  @Test
  @DisplayName("a missing required option is named")
  void missingOptionIsNamed() {
    String line = oneErrorLine(CliRun.of("show"));
    assertTrue(line.contains("--trace"), line);
    assertTrue(line.contains("blackout show --help"), line);
  }

  @Test
  @DisplayName("an unknown command is called one, with a suggestion when one is close")
  void unknownCommand() {
    String line = oneErrorLine(CliRun.of("shwo"));
    assertTrue(line.contains("unknown command 'shwo'"), line);
    assertTrue(line.contains("did you mean 'show'?"), line);
  }

  @Test
  @DisplayName("--debug adds the stack trace after the one line, before or after the command")
  void debugAddsStackTrace() {
    Path missing = dir.resolve("gone.trace");
    for (String[] args :
        new String[][] {
          {"--debug", "show", "--trace", missing.toString()},
          {"show", "--debug", "--trace", missing.toString()}
        }) {
      CliRun run = CliRun.of(args);

      assertEquals(2, run.exitCode(), run::toString);
      String first = run.errLines().get(0);
      assertTrue(
          first.startsWith("blackout: ") && first.contains(missing.toString()), run::toString);
      assertTrue(run.errLines().size() > 1, run::toString);
      assertTrue(run.stderr().contains("\tat dev.blackout.cli."), run::toString);
    }
  }

  @Test
  @DisplayName("an unexpected exception is reported in one line as an internal error")
  void internalError() {
    CliException translated = ErrorReporter.translate(new IllegalStateException("boom\nsecond"));
    String line = ErrorReporter.line(translated);

    assertTrue(line.startsWith("blackout: internal error: "), line);
    assertTrue(line.contains("boom second"), line);
    assertTrue(line.contains("--debug"), line);
    assertEquals(-1, line.indexOf('\n'), line);
  }

  @Test
  @DisplayName("running out of memory is one line saying how to give Java more heap")
  void outOfMemory() {
    String line = ErrorReporter.line(ErrorReporter.translate(new OutOfMemoryError("Java heap space")));

    assertTrue(line.startsWith("blackout: out of memory (Java heap space, Java heap limit "), line);
    assertTrue(line.contains("-Xmx"), line);
    assertEquals(-1, line.indexOf('\n'), line);
  }

  @Test
  @DisplayName("--help and --version succeed on stdout")
  void helpAndVersion() {
    CliRun help = CliRun.of("--help");
    assertEquals(0, help.exitCode(), help::toString);
    assertTrue(help.stdout().contains("show") && help.stdout().contains("models"), help::toString);

    CliRun version = CliRun.of("--version");
    assertEquals(0, version.exitCode(), version::toString);
    assertTrue(version.stdout().startsWith("blackout "), version::toString);
  }
}
