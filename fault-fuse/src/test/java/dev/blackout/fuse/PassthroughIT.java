package dev.blackout.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassthroughIT {
  @TempDir Path tmp;
  Path backing;
  Path mnt;
  PassthroughFileSystem fs;
  Fuse fuse;

  @BeforeEach
  void mount() throws IOException {
    RequireFuse.check();
    backing = Files.createDirectory(tmp.resolve("backing"));
    mnt = Files.createDirectory(tmp.resolve("mnt"));
    Files.writeString(backing.resolve("pre"), "before");
    fs = PassthroughFileSystem.open(backing);
    fuse = Fuse.mount(fs, mnt);
  }

  @AfterEach
  void unmount() throws IOException {
    if (fuse != null) {
      fuse.close();
      fs.close();
      assertFalse(Mounts.isMountPoint(mnt.toRealPath()), "still mounted after close");
    }
  }

  @Test
  void closeStopsTheAutoUnmountHelper() throws IOException {
    String mp = mnt.toAbsolutePath().normalize().toString();
    assertEquals(1, helpersFor(mp), "libfuse starts one fusermount3 auto_unmount helper a mount");

    fuse.close();
    fuse = null;
    fs.close();

    assertEquals(0, helpersFor(mp), "the helper outlived the mount");
    assertFalse(Mounts.isMountPoint(mnt.toRealPath()), "still mounted after close");
  }

  private static long helpersFor(String mountPoint) {
    return ProcessHandle.current().children()
        .filter(p -> p.isAlive() && AutoUnmountHelper.isHelperFor(p.info(), mountPoint))
        .count();
  }

  @Test
  void filesWrittenThroughTheMountLandInTheBackingDirectory() throws IOException {
    assertEquals("before", Files.readString(mnt.resolve("pre")));
    Files.writeString(mnt.resolve("a.txt"), "hello");
    assertEquals("hello", Files.readString(backing.resolve("a.txt")));
    Files.createDirectories(mnt.resolve("d/e"));
    Files.move(mnt.resolve("a.txt"), mnt.resolve("d/e/b.txt"));
    assertEquals("hello", Files.readString(backing.resolve("d/e/b.txt")));
    Files.createSymbolicLink(mnt.resolve("link"), Path.of("d/e/b.txt"));
    assertEquals(Path.of("d/e/b.txt"), Files.readSymbolicLink(mnt.resolve("link")));
    assertEquals("hello", Files.readString(mnt.resolve("link")));
    Files.createLink(mnt.resolve("hard"), mnt.resolve("d/e/b.txt"));
    assertEquals(2, Files.getAttribute(backing.resolve("hard"), "unix:nlink"));
    Files.setPosixFilePermissions(
        mnt.resolve("hard"), PosixFilePermissions.fromString("rw-------"));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(backing.resolve("d/e/b.txt"))));
    try (Stream<Path> s = Files.list(mnt)) {
      List<String> names =
          s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
      assertEquals(List.of("d", "hard", "link", "pre"), names);
    }
    Files.delete(mnt.resolve("hard"));
    assertThrows(NoSuchFileException.class, () -> Files.delete(mnt.resolve("nope")));
  }

  @Test
  void writesAtOffsetsTruncateAndUnlinkedOpenFiles() throws IOException {
    Path f = mnt.resolve("f");
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    try (FileChannel ch =
        FileChannel.open(
            f, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(big), 100);
      ch.force(true);
      Files.delete(f);
      assertFalse(Files.exists(f));
      ByteBuffer back = ByteBuffer.allocate(big.length);
      while (back.hasRemaining()) {
        if (ch.read(back, 100 + back.position()) < 0) {
          break;
        }
      }
      assertArrayEquals(big, back.array());
      ch.truncate(50);
      assertEquals(50, ch.size());
    }
    Files.write(mnt.resolve("g"), "0123456789".getBytes(StandardCharsets.UTF_8));
    Files.write(mnt.resolve("g"), "ab".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    assertEquals("0123456789ab", Files.readString(backing.resolve("g")));
    try (FileChannel ch = FileChannel.open(mnt.resolve("g"), StandardOpenOption.WRITE)) {
      ch.truncate(3);
    }
    assertEquals("012", Files.readString(backing.resolve("g")));
    try (Stream<Path> s = Files.list(backing)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".fuse_hidden")));
    }
  }
}
