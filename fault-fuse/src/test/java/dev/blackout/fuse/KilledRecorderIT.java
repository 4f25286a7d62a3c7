package dev.blackout.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import dev.blackout.core.trace.TraceReader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KilledRecorderIT {
  @TempDir Path tmp;

  @Test
  void killMinus9LeavesNoMountAndAReadableTrace() throws Exception {
    RequireFuse.check();
    Path backing = Files.createDirectory(tmp.resolve("backing"));
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    Path trace = tmp.resolve("t.trace");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                RecorderMain.class.getName(),
                backing.toString(),
                mnt.toString(),
                trace.toString()));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String ready = out.readLine();
      assertTrue(ready != null && ready.startsWith("READY "), "child said: " + ready);
      Path socket = Path.of(ready.substring(6));
      Files.writeString(mnt.resolve("before"), "written before the marker");
      long seq = MarkClient.mark(socket, ProcessHandle.current().pid(), "checkpoint");
      for (int i = 0; i < 50; i++) {
        Files.writeString(mnt.resolve("after" + i), "x".repeat(i * 100));
      }
      Path real = mnt.toRealPath();
      p.destroyForcibly(); // SIGKILL
      assertTrue(p.waitFor(10, TimeUnit.SECONDS));
      // fusermount3's helper unmounts once it is scheduled: allow for a loaded machine
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (Mounts.isMountPoint(real) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertFalse(Mounts.isMountPoint(real), "auto_unmount removed the mount of the dead JVM");

      Trace t = TraceReader.read(trace);
      assertTrue(t.ops().size() >= seq, "every op up to the marker survived: " + t.ops().size());
      TraceOp.Marker m = (TraceOp.Marker) t.op(seq);
      assertEquals("checkpoint", m.text());
      assertTrue(
          t.ops().stream()
              .anyMatch(
                  o ->
                      o instanceof TraceOp.Create c && c.name().equals("before") && c.seq() < seq));
      assertEquals("written before the marker", Files.readString(backing.resolve("before")));
    } finally {
      p.destroyForcibly();
    }
  }
}
