package dev.blackout.scenarios;

import dev.blackout.fuse.MarkClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Acknowledgements as markers through the recorder's socket, or collected when not recorded. */
final class MarkerAcks implements Acks {
  private final Path socket;
  private final long pid;
  private final List<String> sent = Collections.synchronizedList(new ArrayList<>());

  private MarkerAcks(Path socket, long pid) {
    this.socket = socket;
    this.pid = pid;
  }

  /** Markers through {@code BLACKOUT_CONTROL} when it is set, else only collected. */
  static MarkerAcks fromEnvironment() {
    String s = System.getenv(MarkClient.CONTROL_ENV);
    return new MarkerAcks(s == null || s.isEmpty() ? null : Path.of(s), ProcessHandle.current().pid());
  }

  /** Only collects (tests, runs without a recorder). */
  static MarkerAcks collecting() {
    return new MarkerAcks(null, ProcessHandle.current().pid());
  }

  @Override
  public void ack(String text) throws IOException {
    if (socket != null) {
      MarkClient.mark(socket, pid, text);
    }
    sent.add(text);
  }

  List<String> sent() {
    return List.copyOf(sent);
  }
}
