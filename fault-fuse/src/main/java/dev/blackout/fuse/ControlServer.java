package dev.blackout.fuse;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder's control socket (a Unix domain socket; its path is given to the workload as {@code
 * BLACKOUT_CONTROL}). Protocol, one request per connection, UTF-8 lines:
 *
 * <pre>
 *   client: mark PID TEXT\n        (PID: the caller's process id, 0 if unknown; TEXT: no newline)
 *   server: ok SEQ\n               (the marker's sequence number, once it is in the trace)
 *       or: error MESSAGE\n
 * </pre>
 *
 * The reply comes after the marker was appended, so a client that waits for it knows the marker is
 * ordered after everything that completed before it asked.
 */
final class ControlServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
  private static final int MAX_LINE = 64 * 1024;

  /** What the server does with a marker request. */
  interface Marker {
    long mark(String text, int pid) throws IOException;
  }

  private final Path socket;
  private final ServerSocketChannel server;
  private final ExecutorService workers;
  private final Thread acceptor;

  private ControlServer(
      Path socket, ServerSocketChannel server, ExecutorService workers, Thread acceptor) {
    this.socket = socket;
    this.server = server;
    this.workers = workers;
    this.acceptor = acceptor;
  }

  static ControlServer start(Path socket, Marker marker) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    ExecutorService workers =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "blackout-control");
              t.setDaemon(true);
              return t;
            });
    Thread acceptor =
        new Thread(
            () -> {
              while (server.isOpen()) {
                try {
                  SocketChannel ch = server.accept();
                  workers.execute(() -> serve(ch, marker));
                } catch (ClosedChannelException e) {
                  return;
                } catch (IOException e) {
                  LOG.warn("control socket accept failed", e);
                  return;
                }
              }
            },
            "blackout-control-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return new ControlServer(socket, server, workers, acceptor);
  }

  Path socket() {
    return socket;
  }

  private static void serve(SocketChannel ch, Marker marker) {
    try (ch) {
      String line = readLine(ch);
      String reply;
      if (line == null) {
        reply = "error request must be one line ending in a newline";
      } else {
        reply = handle(line, marker);
      }
      ch.write(ByteBuffer.wrap((reply + "\n").getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      LOG.warn("control request failed", e);
    }
  }

  static String handle(String line, Marker marker) {
    String[] parts = line.split(" ", 3);
    if (parts.length < 2 || !parts[0].equals("mark")) {
      return "error unknown request; expected: mark PID TEXT";
    }
    int pid;
    try {
      pid = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return "error PID '" + parts[1] + "' is not a number";
    }
    String text = parts.length == 3 ? parts[2] : "";
    try {
      return "ok " + marker.mark(text, pid);
    } catch (IOException | RuntimeException e) {
      return "error cannot append the marker: " + e.getMessage();
    }
  }

  private static String readLine(SocketChannel ch) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(MAX_LINE);
    while (buf.hasRemaining()) {
      if (ch.read(buf) < 0) {
        return null;
      }
      for (int i = 0; i < buf.position(); i++) {
        if (buf.get(i) == '\n') {
          return new String(buf.array(), 0, i, StandardCharsets.UTF_8);
        }
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
    workers.shutdown();
    try {
      acceptor.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(socket);
  }
}
