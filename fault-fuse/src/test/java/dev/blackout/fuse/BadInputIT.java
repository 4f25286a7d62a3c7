package dev.blackout.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad mount point, backing directory or trace path gets one clear line and loses nothing. */
class BadInputIT {
  @TempDir Path tmp;
  Path backing;
  Path mnt;
  Path trace;

  @BeforeEach
  void dirs() throws IOException {
    RequireFuse.check();
    backing = Files.createDirectory(tmp.resolve("backing"));
    Files.writeString(backing.resolve("precious"), "keep me");
    mnt = Files.createDirectory(tmp.resolve("mnt"));
    trace = tmp.resolve("t.trace");
  }

  private <E extends Exception> E fails(Class<E> type, Path back, Path mp, String startsWith) {
    E e = assertThrows(type, () -> FuseRecorder.start(back, mp, trace).close());
    assertTrue(e.getMessage().contains(startsWith), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertFalse(Files.exists(trace), "no trace file is left behind");
    return e;
  }

  private void nothingLost() throws IOException {
    assertEquals("keep me", Files.readString(backing.resolve("precious")));
  }

  @Test
  void mountPointMissing() throws IOException {
    fails(MountPointException.class, backing, tmp.resolve("nope"), "does not exist");
    nothingLost();
  }

  @Test
  void mountPointNotADirectory() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    fails(MountPointException.class, backing, file, "is not a directory");
    assertEquals("x", Files.readString(file));
    nothingLost();
  }

  @Test
  void mountPointNotEmpty() throws IOException {
    Files.writeString(mnt.resolve("inside"), "y");
    fails(MountPointException.class, backing, mnt, "is not empty");
    assertEquals("y", Files.readString(mnt.resolve("inside")));
    nothingLost();
  }

  @Test
  void mountPointAlreadyAMount() throws IOException {
    Path other = Files.createDirectory(tmp.resolve("other"));
    try (FuseRecorder first = FuseRecorder.start(other, mnt, tmp.resolve("first.trace"))) {
      Path trace2 = trace;
      MountPointException e =
          assertThrows(
              MountPointException.class, () -> FuseRecorder.start(backing, mnt, trace2).close());
      assertTrue(e.getMessage().contains("is already a mount"), e.getMessage());
      assertFalse(Files.exists(trace));
      assertTrue(first.lastSeq() >= 0);
    }
    nothingLost();
  }

  @Test
  void backingMissing() {
    fails(BackingDirectoryException.class, tmp.resolve("no-backing"), mnt, "does not exist");
  }

  @Test
  void backingNotADirectory() throws IOException {
    fails(BackingDirectoryException.class, backing.resolve("precious"), mnt, "is not a directory");
    nothingLost();
  }

  @Test
  void traceAlreadyExists() throws IOException {
    Files.writeString(trace, "an older trace");
    FileAlreadyExistsException e =
        assertThrows(
            FileAlreadyExistsException.class,
            () -> FuseRecorder.start(backing, mnt, trace).close());
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    assertEquals("an older trace", Files.readString(trace));
    assertFalse(Mounts.isMountPoint(mnt.toRealPath()));
  }

  @Test
  void mountPointInsideTheBackingIsRefusedNotHidden() throws IOException {
    Path inner = Files.createDirectory(backing.resolve("inner"));
    Path outerMount = backing;
    MountPointException e =
        assertThrows(
            MountPointException.class,
            () -> FuseRecorder.start(backing, outerMount, trace).close());
    assertFalse(e.getMessage().contains("\n"));
    assertTrue(Files.isDirectory(inner));
    nothingLost();
  }

  @Test
  void aMountPointInsideTheBackingDirectoryIsRefused() throws IOException {
    Path inside = Files.createDirectory(backing.resolve("sub"));
    MountPointException e =
        fails(MountPointException.class, backing, inside, "is inside the backing directory");
    assertTrue(e.getMessage().contains("choose a mount point outside it"), e.getMessage());
    assertFalse(Mounts.isMountPoint(inside.toRealPath()));
    nothingLost();
  }

  @Test
  void aBackingDirectoryInsideTheMountPointIsRefused() throws IOException {
    fails(MountPointException.class, backing, tmp, "would hide the backing directory");
    nothingLost();
  }

  @Test
  void aStaleMountOfAKilledRecorderIsClearedAndSaid() throws Exception {
    Path other = Files.createDirectory(tmp.resolve("killed-backing"));
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                RecorderMain.class.getName(),
                other.toString(),
                mnt.toString(),
                tmp.resolve("killed.trace").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    Path real = mnt.toRealPath();
    try {
      String ready =
          new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
      assertTrue(ready != null && ready.startsWith("READY"), "child said: " + ready);
      // kill -9 of the recorder together with libfuse's unmount helper: the mount stays, dead
      // (the helper stays a zombie of the recorder until that dies: do not wait for it)
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor();
    } finally {
      p.destroyForcibly();
    }
    assertTrue(Mounts.isMountPoint(real), "the dead mount stayed");
    java.util.List<String> notices = new java.util.ArrayList<>();
    try (FuseRecorder rec =
        FuseRecorder.start(
            backing, mnt, trace, MountOptions.defaults().withNotices(notices::add))) {
      Files.writeString(rec.mountPoint().resolve("after"), "recorded");
    }
    assertEquals(
        java.util.List.of(
            "cleared a stale Blackout mount at "
                + real
                + " (left by a recorder that was killed): it was dead, 'Transport endpoint is not"
                + " connected'"),
        notices);
    assertEquals("recorded", Files.readString(backing.resolve("after")));
    assertFalse(Mounts.isMountPoint(real));
    nothingLost();
  }
}
