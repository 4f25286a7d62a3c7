package dev.blackout.kernel;

import dev.blackout.fuse.MarkClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code blackout mark TEXT...} while calibration records a workload through the FUSE recorder on
 * the host: the script {@link HostRecording} puts on PATH runs this class.
 */
public final class MarkMain {
  private MarkMain() {}

  public static void main(String[] args) {
    if (args.length < 2 || !args[0].equals("mark")) {
      System.err.println("blackout: only 'blackout mark TEXT...' works while calibrate records a workload");
      System.exit(2);
    }
    String socket = System.getenv(MarkClient.CONTROL_ENV);
    if (socket == null || socket.isEmpty()) {
      System.err.println("blackout: " + MarkClient.CONTROL_ENV + " is not set; no recording to mark");
      System.exit(2);
    }
    long pid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(ProcessHandle.current().pid());
    try {
      MarkClient.mark(Path.of(socket), pid, String.join(" ", Arrays.asList(args).subList(1, args.length)));
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("blackout: cannot add the marker: " + e.getMessage());
      System.exit(2);
    }
  }
}
