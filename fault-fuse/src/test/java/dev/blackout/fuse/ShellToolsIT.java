package dev.blackout.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import dev.blackout.core.trace.TraceReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests Java cannot make, through the shell tools that make them: copy_file_range (GNU cp),
 * truncate(2) by path, fallocate (allocate and punch hole), mknod (mkfifo), utimens (touch -d);
 * plus extended attributes. The mount must end like a plain directory, and so must the replay.
 */
class ShellToolsIT {
  private static final String SCRIPT =
      String.join(
          "\n",
          "set -e",
          "seq 1 200000 > big",
          "cp big copy",
          "truncate -s 1000 copy",
          "printf 'hello world\\n' > a",
          "truncate -s 300000 a",
          "fallocate -l 100000 fa",
          "fallocate -p -o 1000 -l 5000 big",
          "mkfifo pipe",
          "ln big hard",
          "ln -s big soft",
          "mkdir -p d/e",
          "mv a d/e/a2",
          "touch -d '2020-01-01 00:00:00' d/e/a2",
          "chmod 600 hard",
          "rm soft",
          "exec 3>>log; echo one >&3; echo two >&3; exec 3>&-",
          "cp log d/",
          // fchmod, futimens and writes on a file unlinked while open, and on one of two links
          "perl -e 'open(my $f, \"+>\", \"gone\") or die; print $f \"data\"; unlink \"gone\" or"
              + " die; chmod 0600, $f or die \"chmod: $!\"; utime undef, undef, $f or die \"utime:"
              + " $!\"; print $f \"more\"; close $f or die'",
          "ln log log2",
          "perl -e 'open(my $f, \">>\", \"log2\") or die; unlink \"log2\" or die;"
              + " chmod 0640, $f or die; print $f \"three\\n\"; close $f or die'",
          "");

  @TempDir Path tmp;

  private static void runScript(Path dir) throws Exception {
    Process p =
        new ProcessBuilder("bash", "-c", SCRIPT)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), "script failed in " + dir + ": " + out);
  }

  @Test
  void shellToolsGiveThePlainDirectoryTreeAndTheTraceReplaysIt() throws Exception {
    RequireFuse.check();
    Path plain = Files.createDirectory(tmp.resolve("plain"));
    Path backing = Files.createDirectory(tmp.resolve("backing"));
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    Path tracePath = tmp.resolve("t.trace");
    runScript(plain);
    try (FuseRecorder rec = FuseRecorder.start(backing, mnt, tracePath)) {
      runScript(mnt);
      assertEquals(Trees.snapshot(plain), Trees.snapshot(mnt));
      UserDefinedFileAttributeView xattrs =
          Files.getFileAttributeView(mnt.resolve("big"), UserDefinedFileAttributeView.class);
      xattrs.write("blackout", ByteBuffer.wrap("v1".getBytes(StandardCharsets.UTF_8)));
      assertEquals(List.of("blackout"), xattrs.list());
      ByteBuffer back = ByteBuffer.allocate(16);
      xattrs.read("blackout", back);
      assertEquals("v1", new String(back.array(), 0, back.position(), StandardCharsets.UTF_8));
      xattrs.delete("blackout");
    }
    assertEquals(Trees.snapshot(plain), Trees.snapshot(backing));
    assertEquals(
        Files.getLastModifiedTime(plain.resolve("d/e/a2")),
        Files.getLastModifiedTime(backing.resolve("d/e/a2")));
    Trace t = TraceReader.read(tracePath);
    assertEquals(Trees.snapshot(plain), Trees.snapshot(Trees.replay(t, tmp.resolve("replayed"))));
    List<String> kinds =
        t.ops().stream().map(o -> o.getClass().getSimpleName()).distinct().toList();
    for (String kind :
        List.of(
            "Create",
            "Write",
            "Truncate",
            "Fallocate",
            "Mknod",
            "Link",
            "Symlink",
            "Mkdir",
            "Rename",
            "SetTimes",
            "Chmod",
            "Unlink",
            "SetXattr",
            "RemoveXattr",
            "Flush",
            "Release")) {
      assertTrue(kinds.contains(kind), kind + " recorded; kinds: " + kinds);
    }
    assertTrue(
        t.ops().stream()
            .anyMatch(
                o ->
                    o instanceof TraceOp.Fallocate f
                        && f.mode() == (TraceOp.Fallocate.PUNCH_HOLE | TraceOp.Fallocate.KEEP_SIZE)
                        && f.offset() == 1000
                        && f.length() == 5000),
        "punch hole recorded");
    // GNU cp uses copy_file_range: recorded as Writes of the copied bytes (up to 1 MiB each,
    // more than cp's 128 KiB read/write buffer would give).
    long copyInode =
        t.ops().stream()
            .filter(o -> o instanceof TraceOp.Create c && c.name().equals("copy"))
            .map(o -> ((TraceOp.Create) o).inode())
            .findFirst()
            .orElseThrow();
    assertTrue(
        t.ops().stream()
            .anyMatch(
                o ->
                    o instanceof TraceOp.Write w
                        && w.inode() == copyInode
                        && w.data().length() > 128 * 1024),
        "copy_file_range: "
            + t.ops().stream()
                .filter(o -> o instanceof TraceOp.Write w && w.inode() == copyInode)
                .toList());
  }
}
