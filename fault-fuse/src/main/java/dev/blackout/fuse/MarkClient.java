package dev.blackout.fuse;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Sends a marker to a running recorder through its control socket ({@code BLACKOUT_CONTROL}) and
 * waits until it is in the trace. See {@link FuseRecorder} for the protocol.
 */
public final class MarkClient {
  /** The environment variable that names the control socket inside a recorded command. */
  public static final String CONTROL_ENV = "BLACKOUT_CONTROL";

  private MarkClient() {}

  /**
   * Appends marker {@code text} (no newlines) on behalf of process {@code pid}; returns its
   * sequence number.
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
