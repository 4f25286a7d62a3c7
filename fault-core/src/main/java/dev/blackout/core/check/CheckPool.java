package dev.blackout.core.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs checks in parallel on {@code jobs} threads and reports their results in task order, whatever
 * order they finish in. A check that throws becomes a result (see {@link
 * CheckResult#fromThrowable}); a hang is bounded by the checker's own timeout ({@link
 * CommandChecker}, {@link Checker#withTimeout}). Nothing a checker does stops the run; only a
 * {@link Cancellation} does.
 */
public final class CheckPool {

  private final int jobs;

  public CheckPool(int jobs) {
    if (jobs < 1) {
      throw new IllegalArgumentException("jobs (" + jobs + ") must be at least 1");
    }
    this.jobs = jobs;
  }

  /** The default parallelism: one check per available processor. */
  public static int defaultJobs() {
    return Runtime.getRuntime().availableProcessors();
  }

  public int jobs() {
    return jobs;
  }

  /** The work done for one task: typically materialize the state, run the checker, clean up. */
  @FunctionalInterface
  public interface Work<T> {
    CheckResult check(T task) throws Exception;
  }

  /**
   * Hears about a run. Both methods are called one at a time (never concurrently), from the pool's
   * threads; they should be quick.
   */
  public interface Listener<T> {
    /** Called after every finished check. */
    default void onProgress(Progress progress) {}

    /** Called once per finished check, in increasing task index. */
    default void onResult(Done<T> done) {}
  }

  /** One finished check: the task's position in the input, the task, and its result. */
  public record Done<T>(int index, T task, CheckResult result) {}

  /**
   * What a run produced: the finished checks in task order (all of them unless cancelled, in which
   * case the tasks not started or interrupted are missing).
   */
  public record Results<T>(List<Done<T>> results, int total, boolean cancelled) {
    public Results {
      results = List.copyOf(results);
    }
  }

  /** Runs every task with no listener and no cancellation. */
  public <T> Results<T> run(List<T> tasks, Work<T> work) {
    return run(tasks, work, new Listener<>() {}, new Cancellation());
  }

  /**
   * Runs every task, blocking until all have finished or the run was cancelled.
   *
   * @throws RuntimeException the first exception a listener threw (the run is cancelled then)
   * @throws VirtualMachineError the first one a check ran into (e.g. out of memory: the run is
   *     cancelled, the error is not turned into a checker error)
   */
  public <T> Results<T> run(
      List<T> tasks, Work<T> work, Listener<T> listener, Cancellation cancellation) {
    List<T> input = List.copyOf(tasks);
    Objects.requireNonNull(work, "work");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(cancellation, "cancellation");
    Collector<T> collector = new Collector<>(input, listener, System.nanoTime());
    AtomicInteger next = new AtomicInteger();
    AtomicReference<RuntimeException> listenerFailure = new AtomicReference<>();
    AtomicReference<VirtualMachineError> fatal = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    int threads = Math.min(jobs, Math.max(1, input.size()));
    for (int w = 0; w < threads; w++) {
      Thread worker =
          new Thread(
              () -> {
                int index;
                while (!cancellation.isCancelled()
                    && (index = next.getAndIncrement()) < input.size()) {
                  CheckResult result;
                  try {
                    result = runOne(work, input.get(index));
                  } catch (VirtualMachineError e) {
                    fatal.compareAndSet(null, e);
                    cancellation.cancel();
                    break;
                  }
                  if (cancellation.isCancelled()) {
                    break; // interrupted or finished after the cancellation: dropped
                  }
                  try {
                    collector.finished(index, result);
                  } catch (RuntimeException e) {
                    listenerFailure.compareAndSet(null, e);
                    cancellation.cancel();
                  }
                }
              },
              "blackout-check-" + (w + 1));
      worker.setDaemon(true);
      workers.add(worker);
    }
    Runnable unregister = cancellation.onCancel(() -> workers.forEach(Thread::interrupt));
    try {
      workers.forEach(Thread::start);
      boolean interrupted = false;
      for (Thread worker : workers) {
        while (true) {
          try {
            worker.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
            cancellation.cancel();
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    } finally {
      unregister.run();
    }
    if (fatal.get() != null) {
      throw fatal.get();
    }
    if (listenerFailure.get() != null) {
      throw listenerFailure.get();
    }
    return new Results<>(collector.flush(), input.size(), cancellation.isCancelled());
  }

  private static <T> CheckResult runOne(Work<T> work, T task) {
    long start = System.nanoTime();
    CheckResult result;
    try {
      result = work.check(task);
      if (result == null) {
        result = CheckResult.error("the check returned no result (null)");
      }
    } catch (VirtualMachineError e) {
      throw e; // out of memory: not the check's fault, and nothing else can run either
    } catch (Throwable t) { // NOPMD - one broken check must not stop the run
      result = CheckResult.fromThrowable(t);
    }
    if (result.duration().isZero()) {
      result = result.withDuration(Duration.ofNanos(System.nanoTime() - start));
    }
    return result;
  }

  /** Puts finished checks back in task order and keeps the counts, under one lock. */
  private static final class Collector<T> {
    private final List<T> tasks;
    private final Listener<T> listener;
    private final long startNanos;
    private final CheckResult[] results;
    private int delivered;
    private int done;
    private int violations;
    private int errors;
    private int timeouts;

    Collector(List<T> tasks, Listener<T> listener, long startNanos) {
      this.tasks = tasks;
      this.listener = listener;
      this.startNanos = startNanos;
      this.results = new CheckResult[tasks.size()];
    }

    synchronized void finished(int index, CheckResult result) {
      results[index] = result;
      done++;
      switch (result.outcome()) {
        case FAIL -> violations++;
        case ERROR -> errors++;
        case TIMEOUT -> timeouts++;
        case PASS -> {}
      }
      while (delivered < results.length && results[delivered] != null) {
        listener.onResult(new Done<>(delivered, tasks.get(delivered), results[delivered]));
        delivered++;
      }
      listener.onProgress(
          new Progress(
              done,
              tasks.size(),
              violations,
              errors,
              timeouts,
              Duration.ofNanos(System.nanoTime() - startNanos)));
    }

    /** Everything finished, in task order; delivers what a cancellation left behind a gap. */
    synchronized List<Done<T>> flush() {
      List<Done<T>> all = new ArrayList<>();
      for (int i = 0; i < results.length; i++) {
        if (results[i] == null) {
          continue;
        }
        Done<T> d = new Done<>(i, tasks.get(i), results[i]);
        all.add(d);
        if (i >= delivered) {
          listener.onResult(d);
        }
      }
      delivered = results.length;
      return all;
    }
  }
}
