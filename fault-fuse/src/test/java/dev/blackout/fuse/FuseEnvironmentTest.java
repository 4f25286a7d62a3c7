package dev.blackout.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each missing piece of FUSE gives its own one-line error, before anything is touched. */
class FuseEnvironmentTest {
  @TempDir Path tmp;

  private FuseEnvironment withFusermount(Path device, String library) throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path fm = bin.resolve("fusermount3");
    if (!Files.exists(fm)) {
      Files.writeString(fm, "#!/bin/sh\nexit 0\n");
      fm.toFile().setExecutable(true);
    }
    return new FuseEnvironment(device, library, List.of(bin));
  }

  private static void oneLine(String message) {
    assertFalse(message.contains("\n"), "one line: " + message);
  }

  @Test
  void noDevFuse() throws IOException {
    FuseEnvironment env = withFusermount(tmp.resolve("no-such-device"), "libc.so.6");
    FuseUnavailableException e = assertThrows(FuseUnavailableException.class, env::check);
    assertTrue(e.getMessage().startsWith("no " + tmp.resolve("no-such-device")), e.getMessage());
    assertTrue(e.getMessage().contains("modprobe fuse"), e.getMessage());
    oneLine(e.getMessage());
  }

  @Test
  void libfuseMissing() throws IOException {
    Path device = Files.writeString(tmp.resolve("fake-device"), "");
    FuseEnvironment env = withFusermount(device, "libfuse3-that-does-not-exist.so.3");
    FuseUnavailableException e = assertThrows(FuseUnavailableException.class, env::check);
    assertTrue(
        e.getMessage().startsWith("libfuse3-that-does-not-exist.so.3 is not installed"),
        e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install"), e.getMessage());
    oneLine(e.getMessage());
  }

  @Test
  void fusermountMissing() throws IOException {
    Path device = Files.writeString(tmp.resolve("fake-device"), "");
    FuseEnvironment env =
        new FuseEnvironment(
            device, "libc.so.6", List.of(Files.createDirectories(tmp.resolve("empty-bin"))));
    FuseUnavailableException e = assertThrows(FuseUnavailableException.class, env::check);
    assertTrue(e.getMessage().startsWith("fusermount3 not found"), e.getMessage());
    oneLine(e.getMessage());
  }

  @Test
  void everythingPresent() throws IOException {
    Path device = Files.writeString(tmp.resolve("fake-device"), "");
    FuseEnvironment env = withFusermount(device, "libc.so.6");
    env.check();
    assertEquals(tmp.resolve("bin/fusermount3"), env.fusermount().orElseThrow());
  }

  @Test
  void mountinfoEscapes() {
    assertEquals("/tmp/a b\\c", Mounts.unescape("/tmp/a\\040b\\134c"));
    assertEquals("/plain", Mounts.unescape("/plain"));
  }
}
