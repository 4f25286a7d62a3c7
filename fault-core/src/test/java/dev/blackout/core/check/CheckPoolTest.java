package dev.blackout.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.check.CheckPool.Done;
import dev.blackout.core.check.CheckResult.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckPoolTest {

  private static List<Integer> tasks(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  /** Records what the listener heard, checking it is never called concurrently. */
  private static final class Recorder implements CheckPool.Listener<Integer> {
    final List<Integer> resultOrder = new ArrayList<>();
    final List<Progress> progress = new ArrayList<>();
    private boolean inside;

    @Override
    public void onProgress(Progress p) {
      enter();
      progress.add(p);
      inside = false;
    }

    @Override
    public void onResult(Done<Integer> done) {
      enter();
      resultOrder.add(done.index());
      inside = false;
    }

    private synchronized void enter() {
      if (inside) {
        throw new AssertionError("listener called concurrently");
      }
      inside = true;
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1L, 42L, 20261126L, -7L})
  void resultsComeInTaskOrderWhateverTheCompletionOrder(long seed) {
    Random random = new Random(seed);
    int n = 40;
    int[] sleeps = IntStream.range(0, n).map(i -> random.nextInt(15)).toArray();
    Recorder recorder = new Recorder();
    CheckPool.Results<Integer> outcome =
        new CheckPool(4)
            .run(
                tasks(n),
                i -> {
                  Thread.sleep(sleeps[i]);
                  return i % 7 == 3 ? CheckResult.fail("task " + i) : CheckResult.pass("task " + i);
                },
                recorder,
                new Cancellation());
    String why = "seed " + seed;
    assertEquals(n, outcome.results().size(), why);
    for (int i = 0; i < n; i++) {
      Done<Integer> d = outcome.results().get(i);
      assertEquals(i, d.index(), why);
      assertEquals(i, d.task(), why);
      assertTrue(d.result().output().equals("task " + i), why);
    }
    assertEquals(tasks(n), recorder.resultOrder, why);
    assertEquals(n, recorder.progress.size(), why);
    for (int i = 0; i < n; i++) {
      assertEquals(i + 1, recorder.progress.get(i).done(), why);
    }
    Progress last = recorder.progress.get(n - 1);
    assertEquals(6, last.violations(), why);
    assertTrue(last.finished(), why);
  }

  @Test
  void throwingAndHangingChecksAreContainedAndTheRunGoesOn() {
    Checker hangs =
        request -> {
          Thread.sleep(Long.MAX_VALUE);
          return CheckResult.pass();
        };
    Checker bounded = hangs.withTimeout(Duration.ofMillis(100));
    Recorder recorder = new Recorder();
    CheckPool.Results<Integer> outcome =
        new CheckPool(2)
            .run(
                tasks(6),
                i ->
                    switch (i) {
                      case 1 -> throw new IllegalStateException("checker bug");
                      case 2 -> throw new AssertionError("lost update");
                      case 3 ->
                          bounded.run(new CheckRequest(Path.of("s"), List.of(), "k3", "posix"));
                      case 4 -> null;
                      default -> CheckResult.pass();
                    },
                recorder,
                new Cancellation());
    List<Outcome> outcomes = outcome.results().stream().map(d -> d.result().outcome()).toList();
    assertEquals(
        List.of(
            Outcome.PASS,
            Outcome.ERROR,
            Outcome.FAIL,
            Outcome.TIMEOUT,
            Outcome.ERROR,
            Outcome.PASS),
        outcomes);
    assertTrue(outcome.results().get(1).result().output().startsWith("checker bug"));
    Progress last = recorder.progress.get(recorder.progress.size() - 1);
    assertEquals(1, last.violations());
    assertEquals(2, last.errors());
    assertEquals(1, last.timeouts());
  }

  @Test
  void cancellationStopsTheRunAndKeepsFinishedResultsInOrder() {
    Cancellation cancellation = new Cancellation();
    CheckPool.Listener<Integer> cancelAfterFive =
        new CheckPool.Listener<>() {
          @Override
          public void onProgress(Progress p) {
            if (p.done() == 5) {
              cancellation.cancel();
            }
          }
        };
    long start = System.nanoTime();
    CheckPool.Results<Integer> outcome =
        new CheckPool(2)
            .run(
                tasks(200),
                i -> {
                  Thread.sleep(20);
                  return CheckResult.pass();
                },
                cancelAfterFive,
                cancellation);
    assertTrue(outcome.cancelled());
    assertEquals(200, outcome.total());
    int kept = outcome.results().size();
    assertTrue(kept >= 5 && kept < 200, "kept " + kept);
    for (int i = 1; i < kept; i++) {
      assertTrue(outcome.results().get(i - 1).index() < outcome.results().get(i).index());
    }
    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0,
        "stopped early");
  }

  @Test
  void cancellationKillsARunningExternalChecker(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path state = java.nio.file.Files.createDirectory(dir.resolve("state"));
    Cancellation cancellation = new Cancellation();
    Checker sleeper = CommandChecker.shell("sleep 1000", Duration.ofSeconds(600));
    Thread canceller =
        new Thread(
            () -> {
              try {
                Thread.sleep(300);
              } catch (InterruptedException e) {
                return;
              }
              cancellation.cancel();
            });
    canceller.start();
    long start = System.nanoTime();
    CheckPool.Results<Integer> outcome =
        new CheckPool(1)
            .run(
                tasks(1),
                i -> sleeper.run(new CheckRequest(state, List.of(), "k1", "posix")),
                new CheckPool.Listener<>() {},
                cancellation);
    canceller.join();
    assertTrue(outcome.cancelled());
    assertEquals(List.of(), outcome.results());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
  }

  @Test
  void aListenerFailureCancelsTheRunAndIsRethrown() {
    RuntimeException bug = new IllegalStateException("display broke");
    RuntimeException thrown =
        assertThrows(
            RuntimeException.class,
            () ->
                new CheckPool(2)
                    .run(
                        tasks(50),
                        i -> CheckResult.pass(),
                        new CheckPool.Listener<>() {
                          @Override
                          public void onProgress(Progress p) {
                            throw bug;
                          }
                        },
                        new Cancellation()));
    assertSame(bug, thrown);
  }

  @Test
  void runningOutOfMemoryInACheckStopsTheRunAndReachesTheCaller() {
    // not a checker error: the caller (the CLI) reports it as one line with exit status 2
    OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
    OutOfMemoryError thrown =
        assertThrows(
            OutOfMemoryError.class,
            () -> new CheckPool(2).run(tasks(50), i -> {
              if (i == 7) {
                throw oom;
              }
              return CheckResult.pass();
            }));
    assertSame(oom, thrown);
  }

  @Test
  void anEmptyRunFinishesAtOnce() {
    CheckPool.Results<Integer> outcome = new CheckPool(3).run(List.of(), i -> CheckResult.pass());
    assertEquals(List.of(), outcome.results());
    assertTrue(!outcome.cancelled());
  }

  @Test
  void jobsMustBePositive() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new CheckPool(0));
    assertEquals("jobs (0) must be at least 1", e.getMessage());
    assertTrue(CheckPool.defaultJobs() >= 1);
  }
}
