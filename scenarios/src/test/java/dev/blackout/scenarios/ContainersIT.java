package dev.blackout.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two containers sharing one recorded directory (seeds 000 and 004), one prefix cell: with podman
 * where a container can run here, and always with the namespace fallback. Each role's log says
 * where it ran; the two roles must be in different mount namespaces.
 */
class ContainersIT {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path work;

  @AfterEach
  void forget() {
    System.clearProperty("blackout.container.engine");
    Containers.forget();
  }

  private SuiteResult runOnce() throws Exception {
    FuseRequirement.check();
    SuiteOptions o = new SuiteOptions(List.of("prefix"), 1, 50, 2, work, Duration.ofMinutes(3));
    return new SuiteRunner(o, SuiteListener.NONE).run(
        Catalog.select(List.of("SharedVolumeContainers")));
  }

  private String where(String role) throws Exception {
    String log = Files.readString(work.resolve("SharedVolumeContainers/logs/" + role + ".log"));
    return log.lines().filter(l -> l.startsWith("role " + role + " in ")).findFirst()
        .orElseThrow(() -> new AssertionError("no 'role' line in " + log));
  }

  private static String mountNs(String line) {
    return line.substring(line.indexOf("mount namespace"));
  }

  @Test
  void theEngineHereRunsBothRolesIsolated() throws Exception {
    SuiteResult r = runOnce();
    String table = String.join("\n", SuiteTable.lines(r));
    assertTrue(r.allAsExpected(), table);
    Containers.Choice c = Containers.choose();
    String expected = c.engine() == Containers.Engine.PODMAN ? "a container" : "a process";
    assertTrue(where("A").contains(expected), where("A") + "; engine: " + c);
    assertNotEquals(mountNs(where("A")), mountNs(where("B")));
  }

  @Test
  void theNamespaceFallbackRunsBothRolesIsolated() throws Exception {
    System.setProperty("blackout.container.engine", "unshare");
    Containers.forget();
    SuiteResult r = runOnce();
    assertTrue(r.allAsExpected(), String.join("\n", SuiteTable.lines(r)));
    assertEquals(Containers.Engine.UNSHARE, Containers.choose().engine());
    assertTrue(where("B").startsWith("role B in a process"), where("B"));
    assertNotEquals(mountNs(where("A")), mountNs(where("B")));
  }
}
