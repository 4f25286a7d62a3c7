package dev.blackout.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** A workload's process group dies as a whole, children that outlive their shell included. */
class ProcessGroupTest {

  @Test
  void killsTheLeaderAndEveryProcessItStarted() throws Exception {
    RequireGuest.check(false);
    String busybox = HostRecording.busybox();
    // the shell starts two sleeps, one of them in a subshell that the shell does not wait for
    Process p = new ProcessBuilder(ProcessGroup.leading(
            List.of(busybox, "sh", "-c", "(" + busybox + " sleep 600) & " + busybox + " sleep 600 & wait"), busybox))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (ProcessGroup.members(p.pid()).size() < 3 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    List<Long> before = ProcessGroup.members(p.pid());
    assertTrue(before.contains(p.pid()) && before.size() >= 3,
        "the shell leads its own group with its children: " + before);
    ProcessGroup.kill(p);
    assertFalse(p.isAlive());
    assertEquals(List.of(), ProcessGroup.members(p.pid()));
  }
}
