package dev.blackout.fuse;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The guard of every *IT: fail when FUSE is required and missing, skip (saying why) otherwise. */
class RequireFuseTest {
  private final FuseEnvironment missing =
      new FuseEnvironment(Path.of("/nonexistent/dev/fuse"), "libc.so.6", List.of());

  @Test
  void failsWhenRequired() {
    AssertionFailedError e =
        assertThrows(AssertionFailedError.class, () -> RequireFuse.check(missing, true));
    assertTrue(e.getMessage().contains("blackout.requireFuse=true"), e.getMessage());
  }

  @Test
  void skipsWithAnExplicitMessageOnlyWhenNotRequired() {
    TestAbortedException e =
        assertThrows(TestAbortedException.class, () -> RequireFuse.check(missing, false));
    assertTrue(e.getMessage().contains("blackout.requireFuse=false"), e.getMessage());
  }
}
