package dev.blackout.core.check;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request to stop a {@link CheckPool} run early (Ctrl-C, a budget reached): no new check starts,
 * running checks are interrupted (an external checker then has its process tree killed) and their
 * answers dropped. Checks that finished before stay in the result.
 */
public final class Cancellation {

  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final List<Runnable> hooks = new CopyOnWriteArrayList<>();

  public void cancel() {
    if (cancelled.compareAndSet(false, true)) {
      hooks.forEach(Runnable::run);
    }
  }

  public boolean isCancelled() {
    return cancelled.get();
  }

  /**
   * Runs {@code hook} on cancellation (at once if already cancelled); returns the unregistration.
   */
  Runnable onCancel(Runnable hook) {
    hooks.add(hook);
    if (cancelled.get()) {
      hook.run();
    }
    return () -> hooks.remove(hook);
  }
}
