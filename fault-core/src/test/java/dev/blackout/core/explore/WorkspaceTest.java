package dev.blackout.core.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {

  @Test
  void deletesReadOnlyDirectoriesAndNeverFollowsLinks(@TempDir Path tmp) throws IOException {
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Files.writeString(outside.resolve("keep"), "keep");
    Path state = Files.createDirectory(tmp.resolve("state"));
    Path locked = Files.createDirectory(state.resolve("locked"));
    Files.writeString(locked.resolve("f"), "x");
    Files.createSymbolicLink(state.resolve("link"), outside);
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));

    Workspace.delete(state);
    Workspace.delete(state); // a missing directory is fine

    assertFalse(Files.exists(state));
    assertEquals("keep", Files.readString(outside.resolve("keep")), "the link's target is kept");
  }
}
