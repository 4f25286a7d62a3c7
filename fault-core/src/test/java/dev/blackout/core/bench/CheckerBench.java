package dev.blackout.core.bench;

import dev.blackout.core.check.CheckRequest;
import dev.blackout.core.check.CheckResult;
import dev.blackout.core.check.CommandChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What an external check costs beyond starting its process: {@link CommandChecker} running
 * {@code /bin/true} (ack file, environment, output capture, leftover-process sweep) against a bare
 * {@code ProcessBuilder} running the same program, side by side in one run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CheckerBench {
  private Path dir;
  private Path state;
  private CommandChecker checker;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("checker-bench");
    state = Files.createDirectory(dir.resolve("state"));
    checker = CommandChecker.of(List.of("/bin/true"), Duration.ofSeconds(30));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(state);
    Files.deleteIfExists(dir);
  }

  @Benchmark
  public int bareProcess() throws IOException, InterruptedException {
    return new ProcessBuilder("/bin/true").directory(state.toFile()).start().waitFor();
  }

  @Benchmark
  public CheckResult commandChecker() {
    CheckResult r = checker.run(new CheckRequest(state, List.of("ack 1"), "k1", "posix"));
    if (!r.passed()) {
      throw new IllegalStateException("/bin/true failed: " + r.output());
    }
    return r;
  }
}
