package dev.blackout.core.crashtest;

import dev.blackout.core.crashtest.spi.ControlProtocol;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The workload's handle on the recorder: a marker says "the application has acknowledged this"
 * (a put returned, a commit was reported). The checker of each crash state receives the markers
 * issued before the crash, in order.
 */
public interface Markers {

  /**
   * Records marker {@code text} (one line) after every file operation that completed before this
   * call; returns its sequence number in the trace.
   */
  long mark(String text) throws IOException;

  /**
   * The environment a child process needs to add markers itself ({@code BLACKOUT_CONTROL}, for
   * {@code blackout mark}).
   */
  Map<String, String> environment();

  /**
   * The markers of a workload running as a child process ({@link Workload#javaMain}, {@link
   * Workload#command}): they go to the recorder through the control socket named by {@code
   * BLACKOUT_CONTROL}.
   *
   * @throws IllegalStateException when {@code BLACKOUT_CONTROL} is not set (not run by a recorder)
   */
  static Markers fromEnvironment() {
    String socket = System.getenv(ControlProtocol.CONTROL_ENV);
    if (socket == null || socket.isEmpty()) {
      throw new IllegalStateException(ControlProtocol.CONTROL_ENV + " is not set: this process was"
          + " not started by a Blackout recording (Workload.javaMain or Workload.command)");
    }
    Path path = Path.of(socket);
    return new Markers() {
      @Override
      public long mark(String text) throws IOException {
        return ControlProtocol.mark(path, ProcessHandle.current().pid(), text);
      }

      @Override
      public Map<String, String> environment() {
        return Map.of(ControlProtocol.CONTROL_ENV, socket);
      }
    };
  }
}
