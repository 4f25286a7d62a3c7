package dev.blackout.scenarios;

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
    String s = System.getenv("BLACKOUT_CONTROL");
    return new MarkerAcks(s == null || s.isEmpty() ? null : Path.of(s), ProcessHandle.current().pid());
  }

  /** Only collects (tests, runs without a recorder). */
  static MarkerAcks collecting() {
    return new MarkerAcks(null, ProcessHandle.current().pid());
  }

  @Override
  public void ack(String text) throws IOException {
    if (socket != null) {
      // TODO(scen): call dev.blackout.fuse.MarkClient directly once the recorder is on main
      try {
        Class.forName("dev.blackout.fuse.MarkClient")
            .getMethod("mark", Path.class, long.class, String.class)
            .invoke(null, socket, pid, text);
      } catch (java.lang.reflect.InvocationTargetException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new IOException("the recorder's MarkClient is missing: " + e, e);
      }
    }
    sent.add(text);
  }

  List<String> sent() {
    return List.copyOf(sent);
  }
}
