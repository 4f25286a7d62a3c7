package dev.blackout.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A guest that does not boot: the error says so and carries the end of the guest's console. */
class GuestBootIT {
  @TempDir Path tmp;

  @Test
  void aGuestWithoutAWorkingInitPrintsTheEndOfItsConsole() throws Exception {
    RequireGuest.check(true);
    StringWriter log = new StringWriter();
    GuestKit kit = GuestKit.prepare(GuestKit.cacheRoot(), new PrintWriter(log));
    // the real kernel with an initramfs whose /init names an interpreter that does not exist:
    // the kernel finds no working init and panics
    Path initramfs = tmp.resolve("broken.cpio");
    try (OutputStream out = Files.newOutputStream(initramfs);
        Cpio cpio = new Cpio(out)) {
      cpio.dir("dev");
      cpio.file("init", 0755, "#!/no/such/shell\n".getBytes(StandardCharsets.US_ASCII));
    }
    Path snapshot = tmp.resolve("snapshot.state");
    CalibrationException e = assertThrows(CalibrationException.class,
        () -> Guest.boot(kit.withInitramfs(initramfs), Qemu.Accel.TCG, snapshot, new PrintWriter(log), 120));
    String message = e.getMessage();
    assertTrue(message.startsWith("the guest did not boot (-accel tcg, "), message);
    String[] lines = message.split("\n");
    assertTrue(lines[0].endsWith("the end of its console:"), message);
    assertTrue(lines.length > 1 && lines.length <= 26, "the console's last 25 lines at most: " + message);
    assertTrue(message.contains("Kernel panic") && message.contains("No working init found"), message);
    assertFalse(Files.exists(snapshot), "no state is saved for a guest that did not boot");
  }
}
