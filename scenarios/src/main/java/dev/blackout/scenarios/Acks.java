package dev.blackout.scenarios;

import java.io.IOException;

/**
 * How a workload acknowledges an update: a marker in the trace ("ack txn 17"), issued after the
 * update returned. Under {@code blackout record} it goes through the recorder's control socket
 * ({@link MarkerAcks}); in unit tests it is only collected.
 */
@FunctionalInterface
public interface Acks {

  /** Acknowledges; returns once the marker is recorded. */
  void ack(String text) throws IOException;
}
