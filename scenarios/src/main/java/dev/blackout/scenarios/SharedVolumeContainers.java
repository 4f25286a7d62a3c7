package dev.blackout.scenarios;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Seeds 000 and 004 as the issue puts them: two containers share one recorded directory (a
 * volume bind-mounted into both) and append checksummed records to one pre-existing log, container
 * A with O_DIRECT, container B with buffered writes, each calling fdatasync before acknowledging
 * its record. Records are one 4 KiB block each, so A's O_DIRECT appends stay aligned whatever B
 * wrote before. The containers are podman's with an image imported from a local tarball, or,
 * where no container can run, processes in new user and mount namespaces ({@link Containers}
 * prints which in each role's log).
 */
public final class SharedVolumeContainers implements Scenario {
  static final String FILE = "shared.log";
  static final int PER_ROLE = 3;
  static final int RECORD = 4096;

  static List<String> records(String role) {
    List<String> out = new ArrayList<>();
    String via = role.equals("A") ? "direct" : "buffered";
    for (int i = 1; i <= PER_ROLE; i++) {
      String head = role + "-" + i + " " + via + " ";
      out.add(head + "c".repeat(RECORD - 8 - head.length()));
    }
    return out;
  }

  @Override
  public String title() {
    return "two containers sharing a volume append to one log, O_DIRECT and buffered, fdatasync"
        + " before each ack (seeds 000, 004)";
  }

  @Override
  public boolean seed() {
    return false; // it starts containers: not for the demo or the plain-process tests
  }

  @Override
  public List<String> roles() {
    return List.of("A", "B");
  }

  @Override
  public boolean allowOther() {
    return true; // the containers' processes run as nobody (uid 65534), not as the recorder
  }

  @Override
  public List<String> launch(String role, List<String> java, Path dir, Map<String, String> env) {
    return Containers.wrap(java, role, dir, env);
  }

  @Override
  public void setup(Path dir) throws IOException {
    Path log = Files.write(dir.resolve(FILE), new byte[0]);
    Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-rw-rw-"));
  }

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    System.out.println("role " + role + " in " + isolation());
    Path file = dir.resolve(FILE);
    boolean direct = role.equals("A");
    List<OpenOption> opts = new ArrayList<>(List.of(StandardOpenOption.WRITE,
        StandardOpenOption.APPEND));
    if (direct) {
      opts.add(ExtendedOpenOption.DIRECT);
    }
    try (FileChannel ch = FileChannel.open(file, opts.toArray(OpenOption[]::new))) {
      for (String r : records(role)) {
        byte[] rec = Records.encode(r);
        if (rec.length != RECORD) {
          throw new IOException("record of " + rec.length + " bytes, not " + RECORD);
        }
        ByteBuffer b = direct
            ? ByteBuffer.allocateDirect(2 * RECORD).alignedSlice(RECORD).put(rec).flip()
            : ByteBuffer.wrap(rec);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(false);
        acks.ack(LogCheck.ackOf(r));
        Thread.sleep(30); // let the other container interleave
      }
    }
  }

  /** Where this process runs, from its own view: a container's init, or namespaces. */
  private static String isolation() {
    try {
      String cg = Files.readString(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8);
      boolean container = Files.exists(Path.of("/run/.containerenv"))
          || cg.contains("libpod") || System.getenv("container") != null;
      return (container ? "a container" : "a process")
          + ", user namespace " + Files.readSymbolicLink(Path.of("/proc/self/ns/user"))
          + ", mount namespace " + Files.readSymbolicLink(Path.of("/proc/self/ns/mnt"));
    } catch (IOException e) {
      return "(unknown: " + e.getMessage() + ")";
    }
  }

  @Override
  public String check(Path state, List<String> acked) throws IOException {
    return LogCheck.check(state, FILE, List.of(), acked);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(FileUpdate.SOURCE + "; seeds 000, 004; fdatasync(2), open(2)"
        + " O_DIRECT", "ok", "ok", "ok", "ok").build();
  }
}
