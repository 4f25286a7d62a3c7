package dev.blackout.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While open, catches SIGTERM, SIGINT and SIGHUP sent to this JVM and passes each on to a process
 * and its descendants instead of letting the JVM die: {@code blackout record} then waits for the
 * command briefly, closes the trace and unmounts on its normal path, and says what happened.
 * Closing restores the previous handlers.
 */
final class SignalForwarder implements AutoCloseable {
  private static final List<String> NAMES = List.of("TERM", "INT", "HUP");

  private volatile ProcessHandle target;
  private final List<Signal> signals = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();
  private volatile Signal received;
  private volatile long receivedAt;

  private SignalForwarder() {}

  /**
   * Catches the signals before there is a process to pass them to (install this before starting
   * it: a command can be running, and signalled, before the line after its start runs); {@link
   * #target} names the process and passes on a signal that came in between.
   */
  static SignalForwarder install() {
    SignalForwarder f = new SignalForwarder();
    for (String name : NAMES) {
      Signal s = new Signal(name);
      try {
        f.previous.add(Signal.handle(s, f::handle));
        f.signals.add(s);
      } catch (IllegalArgumentException notAllowed) {
        // the JVM keeps this one (e.g. -Xrs): it stays fatal
      }
    }
    return f;
  }

  /** The process to pass signals on to; one that came before is passed on now. */
  void target(ProcessHandle process) {
    Signal early;
    synchronized (this) {
      target = process;
      early = received;
    }
    if (early != null) {
      passOn(early, process);
    }
  }

  private void handle(Signal s) {
    ProcessHandle t;
    synchronized (this) {
      if (received == null) {
        receivedAt = System.nanoTime();
        received = s;
      }
      t = target;
    }
    if (t != null) {
      passOn(s, t);
    }
  }

  private static void passOn(Signal s, ProcessHandle target) {
    List<ProcessHandle> tree = new ArrayList<>(target.descendants().toList());
    tree.add(0, target);
    for (ProcessHandle p : tree) {
      send(s, p);
    }
  }

  private static void send(Signal s, ProcessHandle p) {
    if (!p.isAlive()) {
      return;
    }
    try {
      Process kill =
          new ProcessBuilder("kill", "-s", s.getName(), Long.toString(p.pid()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (kill.waitFor() == 0) {
        return;
      }
    } catch (java.io.IOException e) {
      // no kill program: fall back to SIGTERM below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    p.destroy();
  }

  /** The first signal received, as {@code SIGTERM}, if any. */
  Optional<String> received() {
    Signal s = received;
    return s == null ? Optional.empty() : Optional.of("SIG" + s.getName());
  }

  /** The exit status of a process killed by the signal received (128 + its number), or -1. */
  int exitStatus() {
    Signal s = received;
    return s == null ? -1 : 128 + s.getNumber();
  }

  /** Nanoseconds since the first signal arrived (0 if none did). */
  long nanosSinceSignal() {
    return received == null ? 0 : System.nanoTime() - receivedAt;
  }

  @Override
  public void close() {
    for (int i = 0; i < signals.size(); i++) {
      Signal.handle(signals.get(i), previous.get(i));
    }
  }
}
