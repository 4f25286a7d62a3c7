package dev.blackout.core.crashtest.spi;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The client side of a recorder's control socket (docs/recorder.md, "Markers"): one request per
 * connection, {@code mark PID TEXT\n} answered by {@code ok SEQ\n} or {@code error MESSAGE\n}.
 */
public final class ControlProtocol {
  /** The environment variable that names the control socket inside a recorded command. */
  public static final String CONTROL_ENV = "BLACKOUT_CONTROL";

  private ControlProtocol() {}

  /**
   * Appends marker {@code text} (one line) on behalf of process {@code pid} and waits until it is
   * in the trace; returns its sequence number.
   */
  public static long mark(Path socket, long pid, String text) throws IOException {
    if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("marker text must be one line");
    }
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer req =
          ByteBuffer.wrap(("mark " + pid + " " + text + "\n").getBytes(StandardCharsets.UTF_8));
      while (req.hasRemaining()) {
        ch.write(req);
      }
      ByteBuffer buf = ByteBuffer.allocate(4096);
      while (ch.read(buf) >= 0 && buf.hasRemaining()) {
        if (buf.position() > 0 && buf.get(buf.position() - 1) == '\n') {
          break;
        }
      }
      String reply = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).trim();
      if (reply.startsWith("ok ")) {
        return Long.parseLong(reply.substring(3).trim());
      }
      throw new IOException(
          reply.startsWith("error ")
              ? reply.substring(6)
              : "unexpected reply from the recorder: '" + reply + "'");
    }
  }
}
