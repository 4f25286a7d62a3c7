package dev.blackout.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The marker protocol of the control socket, without FUSE. */
class ControlServerTest {
  @TempDir Path tmp;

  private final List<String> marks = new ArrayList<>();

  private long mark(String text, int pid) throws IOException {
    if (text.equals("boom")) {
      throw new IOException("trace closed");
    }
    marks.add(pid + ":" + text);
    return marks.size() + 40;
  }

  private static String raw(Path socket, String request) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
      ch.shutdownOutput();
      ByteBuffer b = ByteBuffer.allocate(4096);
      while (ch.read(b) >= 0) {
        // until the server closes
      }
      return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void markRepliesWithTheSequenceNumber() throws IOException {
    Path socket = tmp.resolve("ctl");
    try (ControlServer server = ControlServer.start(socket, this::mark)) {
      assertEquals(41, MarkClient.mark(socket, 1234, "ack txn 17"));
      assertEquals("ok 42\n", raw(socket, "mark 7 two words\n"));
      assertEquals(List.of("1234:ack txn 17", "7:two words"), marks);
    }
    assertFalse(Files.exists(socket), "the socket file is removed on close");
  }

  @Test
  void badRequestsGetOneErrorLine() throws IOException {
    Path socket = tmp.resolve("ctl");
    try (ControlServer server = ControlServer.start(socket, this::mark)) {
      assertTrue(raw(socket, "hello\n").startsWith("error unknown request"));
      assertTrue(raw(socket, "mark x text\n").startsWith("error PID 'x' is not a number"));
      assertTrue(raw(socket, "mark 1 no newline").startsWith("error request must be one line"));
      assertEquals("error cannot append the marker: trace closed\n", raw(socket, "mark 1 boom\n"));
      IOException e = assertThrows(IOException.class, () -> MarkClient.mark(socket, 1, "boom"));
      assertEquals("cannot append the marker: trace closed", e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> MarkClient.mark(socket, 1, "a\nb"));
    }
    assertTrue(marks.isEmpty());
  }
}
