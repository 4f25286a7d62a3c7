package dev.blackout.core.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A checker that is an external command (design.md section 6): run with the crash state as working
 * directory and the {@code BLACKOUT_*} environment, exit status 0 = consistent, anything else = a
 * violation, stdout and stderr kept (merged, capped), a hang past the timeout killed with its whole
 * process tree. The full contract is in {@code docs/checkers.md}.
 *
 * <p>Exit statuses 126 and 127 mean, by shell convention, "found but not executable" and "not
 * found": they are checker errors, not violations.
 */
public final class CommandChecker implements Checker {

  /** A reasonable per-state timeout when the user gives none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** Internal: marks every process started for one check, to find those that escaped the tree. */
  static final String RUN_TOKEN_VARIABLE = "BLACKOUT_CHECK_RUN";

  private static final long DRAIN_BUDGET = 1 << 20;

  private final List<String> argv;
  private final String display;
  private final Duration timeout;
  private final int outputLimit;

  private CommandChecker(List<String> argv, String display, Duration timeout, int outputLimit) {
    this.argv = List.copyOf(argv);
    this.display = display;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.outputLimit = outputLimit;
    if (argv.isEmpty() || argv.get(0).isEmpty()) {
      throw new IllegalArgumentException("the checker command must not be empty");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout (" + timeout + ") must be positive");
    }
    if (outputLimit < 0) {
      throw new IllegalArgumentException("outputLimit (" + outputLimit + ") must not be negative");
    }
  }

  /**
   * A command given as an argument vector, run without a shell. A relative program path with a
   * slash ({@code ./check.sh}, {@code bin/check}) is made absolute against the current directory
   * now: the command runs inside the crash state, where it would not be found.
   */
  public static CommandChecker of(List<String> argv, Duration timeout) {
    List<String> resolved = new java.util.ArrayList<>(argv);
    if (!resolved.isEmpty()) {
      String program = resolved.get(0);
      if (program.contains("/") && !program.startsWith("/")) {
        resolved.set(0, Path.of(program).toAbsolutePath().normalize().toString());
      }
    }
    return new CommandChecker(
        resolved, String.join(" ", argv), timeout, OutputBuffer.DEFAULT_LIMIT);
  }

  /** A command given as one shell string, run as {@code /bin/sh -c SCRIPT}. */
  public static CommandChecker shell(String script, Duration timeout) {
    Objects.requireNonNull(script, "script");
    if (script.isBlank()) {
      throw new IllegalArgumentException("the checker command must not be empty");
    }
    return new CommandChecker(
        List.of("/bin/sh", "-c", withLeadingProgramResolved(script)),
        script,
        timeout,
        OutputBuffer.DEFAULT_LIMIT);
  }

  /**
   * A script starting with a relative program path ({@code ./check.sh arg}) names a file where the
   * user stands, not in the crash state the script runs in: that first word becomes the quoted
   * absolute path when such a file exists. Anything else is left to the shell.
   */
  static String withLeadingProgramResolved(String script) {
    String s = script.stripLeading();
    int end = 0;
    while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
      end++;
    }
    String first = s.substring(0, end);
    if (!first.contains("/") || first.startsWith("/") || !first.matches("[A-Za-z0-9._/+@-]+")) {
      return script;
    }
    Path program = Path.of(first).toAbsolutePath().normalize();
    if (!Files.isRegularFile(program)) {
      return script;
    }
    return "'" + program.toString().replace("'", "'\\''") + "'" + s.substring(end);
  }

  /** This checker keeping at most {@code bytes} of output (64 KiB by default). */
  public CommandChecker withOutputLimit(int bytes) {
    return new CommandChecker(argv, display, timeout, bytes);
  }

  public List<String> argv() {
    return argv;
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * Where the acknowledged markers of a check on {@code state} are written: a sibling file named
   * after the state directory with {@code .acked} appended (never inside the state, which the
   * checker must see exactly as materialized). It is deleted after a passing check and kept next to
   * a failing state.
   */
  public static Path ackFileFor(Path state) {
    Path name = state.toAbsolutePath().normalize().getFileName();
    if (name == null) {
      throw new IllegalArgumentException(
          "state directory " + state + " has no parent to hold its ack file");
    }
    return state.toAbsolutePath().normalize().resolveSibling(name + ".acked");
  }

  /**
   * The content of the ack file: one marker per line, each ending in a newline; a backslash in a
   * marker is written {@code \\}, a newline {@code \n} and a carriage return {@code \r}.
   */
  static String ackFileContent(List<String> markers) {
    StringBuilder text = new StringBuilder();
    for (String marker : markers) {
      text.append(marker.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r"))
          .append('\n');
    }
    return text.toString();
  }

  @Override
  public CheckResult check(CheckRequest request) {
    long start = System.nanoTime();
    CheckResult result = runCommand(request);
    return result.withDuration(Duration.ofNanos(System.nanoTime() - start));
  }

  private CheckResult runCommand(CheckRequest request) {
    Path state = request.state();
    if (!Files.isDirectory(state)) {
      return CheckResult.error("checker not run: the state directory " + state + " does not exist");
    }
    Path ackFile;
    try {
      ackFile = ackFileFor(state);
      Files.writeString(ackFile, ackFileContent(request.acked()), StandardCharsets.UTF_8);
    } catch (IOException | IllegalArgumentException e) {
      return CheckResult.error(
          "checker not run: cannot write the acknowledgement file next to " + state + ": " + e);
    }
    String token = UUID.randomUUID().toString();
    ProcessBuilder builder =
        new ProcessBuilder(argv).directory(state.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("BLACKOUT_STATE", state.toAbsolutePath().toString());
    env.put("BLACKOUT_ACKED", ackFile.toString());
    env.put("BLACKOUT_LAST_ACK", request.lastAck());
    env.put("BLACKOUT_STATE_ID", request.stateId());
    env.put("BLACKOUT_MODEL", request.model());
    env.put(RUN_TOKEN_VARIABLE, token);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      String reason = startFailureReason(e);
      if (String.valueOf(e.getMessage()).contains("error=7,")) {
        // E2BIG: the program exists; its arguments and environment are too large for exec
        long bytes = 0;
        for (Map.Entry<String, String> v : env.entrySet()) {
          bytes += v.getKey().length() + v.getValue().length() + 2;
        }
        return CheckResult.error(
            "checker '" + display + "' could not be started: " + reason + " (its environment holds "
                + bytes + " bytes; shorten the check command, or unset large variables)");
      }
      return CheckResult.error(
          "checker '"
              + display
              + "' could not be started: "
              + reason
              + " (give an executable on the PATH, or a path to one)");
    }
    CheckResult result = supervise(process, token);
    if (result.passed()) {
      try {
        Files.deleteIfExists(ackFile);
      } catch (IOException e) {
        // The file is next to the state, in Blackout's own work directory: leaving it is harmless.
      }
    }
    return result;
  }

  private CheckResult supervise(Process process, String token) {
    Set<ProcessHandle> seen = new HashSet<>();
    OutputBuffer output = new OutputBuffer(outputLimit);
    byte[] chunk = new byte[8192];
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    long nextSnapshot = System.nanoTime() + 50_000_000L; // a quick checker never pays for one
    long pauseMillis = 1;
    try (InputStream in = process.getInputStream()) {
      process.getOutputStream().close(); // the checker reads end-of-file, never waits on us
      while (true) {
        if (drain(in, output, chunk)) {
          pauseMillis = 1;
        }
        if (!process.isAlive()) {
          drainQuietly(in, output, chunk);
          break;
        }
        long now = System.nanoTime();
        if (now - deadline >= 0) {
          drainQuietly(
              in, output, chunk); // before the kill: destroying the process closes the pipe
          ProcessTree.kill(process, seen, token, System.nanoTime() - started);
          return new CheckResult(
              CheckResult.Outcome.TIMEOUT,
              output.text() + note("killed after the timeout of " + DurationText.of(timeout)),
              Duration.ZERO);
        }
        if (now - nextSnapshot >= 0) {
          process.descendants().forEach(seen::add);
          nextSnapshot = now + 100_000_000L;
        }
        long left = Math.max(1, (deadline - now) / 1_000_000L);
        process.waitFor(Math.min(pauseMillis, left), TimeUnit.MILLISECONDS);
        pauseMillis = Math.min(20, pauseMillis * 2);
      }
    } catch (InterruptedException e) {
      ProcessTree.kill(process, seen, token, System.nanoTime() - started);
      Thread.currentThread().interrupt();
      return CheckResult.error(output.text() + note("interrupted: the run was cancelled"));
    } catch (IOException e) {
      ProcessTree.kill(process, seen, token, System.nanoTime() - started);
      return CheckResult.error(output.text() + note("reading the checker's output failed: " + e));
    }
    ProcessTree.kill(
        process,
        seen,
        token,
        System.nanoTime() - started); // whatever it left running in the background
    return classify(process.exitValue(), output.text());
  }

  /**
   * Reads what is available without blocking, at most {@link #DRAIN_BUDGET} bytes so that a checker
   * writing without pause still meets its deadline; true if anything was read.
   */
  private static boolean drain(InputStream in, OutputBuffer output, byte[] chunk)
      throws IOException {
    boolean any = false;
    int available;
    long budget = DRAIN_BUDGET;
    while (budget > 0 && (available = in.available()) > 0) {
      int n = in.read(chunk, 0, Math.min(available, chunk.length));
      if (n <= 0) {
        break;
      }
      output.append(chunk, 0, n);
      budget -= n;
      any = true;
    }
    return any;
  }

  /**
   * Reads what is left once the process is gone. The JDK's reaper thread may close the pipe at the
   * same moment (after moving its remaining bytes into memory), so a closed stream ends the drain.
   */
  private static void drainQuietly(InputStream in, OutputBuffer output, byte[] chunk) {
    try {
      drain(in, output, chunk);
    } catch (IOException e) {
      // Closed under us by the reaper: whatever it kept is lost, the result stands.
    }
  }

  static CheckResult classify(int status, String output) {
    if (status == 0) {
      return new CheckResult(CheckResult.Outcome.PASS, output, Duration.ZERO);
    }
    if (status == 126 || status == 127) {
      String what =
          status == 127
              ? "command not found; a relative path is looked up inside the crash state, give an"
                  + " absolute one"
              : "command not executable";
      return new CheckResult(
          CheckResult.Outcome.ERROR,
          output + note("exit status " + status + " (" + what + "): the checker could not run"),
          Duration.ZERO);
    }
    String signal = Signals.nameFor(status);
    String why =
        signal == null
            ? "exit status " + status
            : "killed by signal " + signal + " (exit status " + status + ")";
    return new CheckResult(CheckResult.Outcome.FAIL, output + note(why), Duration.ZERO);
  }

  private static String note(String text) {
    return "\n[blackout: " + text + "]";
  }

  private static String startFailureReason(IOException e) {
    String message = String.valueOf(e.getMessage());
    int code = message.indexOf("error=");
    if (code >= 0) {
      int comma = message.indexOf(", ", code);
      if (comma >= 0) {
        return message.substring(comma + 2);
      }
    }
    return message;
  }

  @Override
  public String toString() {
    return "CommandChecker[" + display + ", timeout " + DurationText.of(timeout) + "]";
  }
}
