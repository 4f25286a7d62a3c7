package dev.blackout.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One qemu process running the calibration guest: the console on ttyS0 goes to a file, ttyS1 is
 * the guest's report channel (a Unix socket the host reads lines from; nothing is sent back, since
 * a restored serial port drops input bytes), QMP drives the VM (stop, save, restore, quit). {@link #kill} is a power cut: SIGKILL to qemu, whose writes
 * to the image files stay in the host's page cache.
 */
final class Qemu implements AutoCloseable {
  /** How the guest's CPU runs: hardware virtualization where it works, else software. */
  enum Accel {
    KVM("kvm", "host"),
    TCG("tcg", "max");

    final String name;
    final String cpu;

    Accel(String name, String cpu) {
      this.name = name;
      this.cpu = cpu;
    }
  }

  /** The guest's three disks: data (vda), log (vdb), work archive (vdc, read-only). */
  record Disks(Path data, Path log, Path work) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final Path console;
  private final Process process;
  private final SocketChannel control;
  private final SocketChannel qmp;
  private final InputStream qmpIn;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuilder qmpBuffer = new StringBuilder();
  private volatile boolean closed;

  private Qemu(Path dir, Process process, SocketChannel control, SocketChannel qmp) {
    this.dir = dir;
    this.console = dir.resolve("console.log");
    this.process = process;
    this.control = control;
    this.qmp = qmp;
    this.qmpIn = Channels.newInputStream(qmp);
    Thread reader = new Thread(this::readControl, "qemu-control");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts qemu in {@code dir} (sockets and console there) with {@code disks}; with {@code
   * incoming} it restores that saved state instead of booting.
   */
  static Qemu start(GuestKit kit, Accel accel, Path dir, Disks disks, Path incoming) {
    try {
      Files.createDirectories(dir);
      for (String s : List.of("ctl.sock", "qmp.sock", "console.log")) {
        Files.deleteIfExists(dir.resolve(s));
      }
    } catch (IOException e) {
      throw new CalibrationException("cannot prepare " + dir + ": " + e.getMessage(), e);
    }
    List<String> cmd = new ArrayList<>(List.of(
        "qemu-system-x86_64", "-accel", accel.name, "-cpu", accel.cpu, "-m", "256", "-smp", "1",
        "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
        "-kernel", kit.vmlinuz.toString(), "-initrd", kit.initramfs.toString(),
        "-append", "console=ttyS0 quiet loglevel=4 panic=-1",
        "-serial", "file:" + dir.resolve("console.log"),
        "-chardev", "socket,id=ctl,path=" + dir.resolve("ctl.sock") + ",server=on,wait=off",
        "-serial", "chardev:ctl",
        "-qmp", "unix:" + dir.resolve("qmp.sock") + ",server=on,wait=off",
        "-drive", "file=" + disks.data() + ",format=raw,if=virtio,cache=unsafe",
        "-drive", "file=" + disks.log() + ",format=raw,if=virtio,cache=unsafe",
        "-drive", "file=" + disks.work() + ",format=raw,if=virtio,readonly=on"));
    if (incoming != null) {
      cmd.add("-incoming");
      cmd.add("exec:cat '" + incoming.toString().replace("'", "'\\''") + "'");
    }
    Process p;
    try {
      p = new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("qemu.out").toFile())
          .start();
    } catch (IOException e) {
      throw new CalibrationException("cannot start qemu-system-x86_64: " + e.getMessage(), e);
    }
    try {
      SocketChannel ctl = connect(p, dir.resolve("ctl.sock"), dir);
      SocketChannel q = connect(p, dir.resolve("qmp.sock"), dir);
      Qemu qemu = new Qemu(dir, p, ctl, q);
      qemu.qmpRead();
      qemu.qmp("qmp_capabilities", Map.of());
      return qemu;
    } catch (RuntimeException e) {
      p.destroyForcibly();
      throw e;
    }
  }

  private static SocketChannel connect(Process p, Path socket, Path dir) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      if (Files.exists(socket)) {
        try {
          SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
          ch.connect(UnixDomainSocketAddress.of(socket));
          return ch;
        } catch (IOException e) {
          // not listening yet
        }
      }
      if (!p.isAlive()) {
        throw new CalibrationException("qemu exited at start (status " + p.exitValue() + "): " + lastLine(dir.resolve("qemu.out")));
      }
      if (System.nanoTime() > deadline) {
        throw new CalibrationException("qemu did not open " + socket + " within 60 s: " + lastLine(dir.resolve("qemu.out")));
      }
      sleep(20);
    }
  }

  private void readControl() {
    try (InputStream in = Channels.newInputStream(control)) {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          lines.add(line.toString());
          line.setLength(0);
        } else if (b != '\r') {
          line.append((char) b);
        }
      }
    } catch (IOException e) {
      // qemu went away
    }
    lines.add("\u0000EOF");
  }

  /** The next line the guest wrote to the control port, or null after {@code timeoutMillis}. */
  String readLine(long timeoutMillis) {
    try {
      String l = lines.poll(timeoutMillis, TimeUnit.MILLISECONDS);
      if (l != null && l.equals("\u0000EOF")) {
        lines.add(l);
        return null;
      }
      return l;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The lines received so far, without waiting. */
  List<String> drainLines() {
    List<String> out = new ArrayList<>();
    lines.drainTo(out);
    out.removeIf(l -> l.equals("\u0000EOF"));
    return out;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Runs a QMP command and returns its {@code return} value. */
  synchronized JsonNode qmp(String command, Map<String, ?> arguments) {
    try {
      String req = JSON.writeValueAsString(Map.of("execute", command, "arguments", arguments));
      OutputStream out = Channels.newOutputStream(qmp);
      out.write((req + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (true) {
        JsonNode n = qmpRead();
        if (n.has("return")) {
          return n.get("return");
        }
        if (n.has("error")) {
          throw new CalibrationException("qemu refused " + command + ": " + n.get("error").path("desc").asText());
        }
      }
    } catch (IOException e) {
      throw new CalibrationException("lost qemu's QMP socket during " + command + ": " + e.getMessage(), e);
    }
  }

  private JsonNode qmpRead() {
    try {
      while (true) {
        int nl = qmpBuffer.indexOf("\n");
        if (nl >= 0) {
          String line = qmpBuffer.substring(0, nl).strip();
          qmpBuffer.delete(0, nl + 1);
          if (!line.isEmpty()) {
            return JSON.readTree(line);
          }
          continue;
        }
        byte[] buf = new byte[8192];
        int n = qmpIn.read(buf);
        if (n < 0) {
          throw new CalibrationException("qemu closed its QMP socket: " + lastLine(dir.resolve("qemu.out")));
        }
        qmpBuffer.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new CalibrationException("cannot read qemu's QMP socket: " + e.getMessage(), e);
    }
  }

  /** Waits until a restored VM has read its state, then lets it run. */
  void resumeIncoming(long timeoutMillis) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (true) {
      String status = qmp("query-status", Map.of()).path("status").asText();
      if (!status.equals("inmigrate")) {
        break;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new CalibrationException("qemu did not finish restoring the saved guest within " + timeoutMillis / 1000 + " s");
      }
      sleep(20);
    }
    qmp("cont", Map.of());
  }

  /** Stops the VM and saves its state into {@code file}. */
  void save(Path file) {
    qmp("stop", Map.of());
    qmp("migrate", Map.of("uri", "exec:cat > '" + file.toString().replace("'", "'\\''") + "'"));
    while (true) {
      String status = qmp("query-migrate", Map.of()).path("status").asText();
      if (status.equals("completed")) {
        return;
      }
      if (status.equals("failed") || status.equals("cancelled")) {
        throw new CalibrationException("saving the guest's state failed (" + status + ")");
      }
      sleep(50);
    }
  }

  /** SIGKILL: a power cut of the guest. */
  void kill() {
    process.destroyForcibly();
    waitFor(10_000);
  }

  boolean waitFor(long millis) {
    try {
      return process.waitFor(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last {@code n} lines of the guest's console, for errors. */
  String consoleTail(int n) {
    try {
      List<String> all = Files.readAllLines(console, StandardCharsets.ISO_8859_1);
      return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
    } catch (IOException e) {
      return "(no console output: " + e.getMessage() + ")";
    }
  }

  static String lastLine(Path file) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
      for (int i = all.size() - 1; i >= 0; i--) {
        if (!all.get(i).isBlank()) {
          return all.get(i).strip();
        }
      }
    } catch (IOException e) {
      // nothing to show
    }
    return "(no output)";
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (process.isAlive()) {
      process.destroyForcibly();
      waitFor(10_000);
    }
    try {
      control.close();
      qmp.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
