package dev.blackout.core.image;

import dev.blackout.core.testing.TreeSnapshot;
import static dev.blackout.core.testing.TraceBuilder.EEXIST;
import static dev.blackout.core.testing.TraceBuilder.ROOT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.testing.TraceBuilder;
import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import dev.blackout.core.trace.TraceReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace written with {@link TraceBuilder} to a trace file and read back (payloads then live in
 * the file) replays through FsImage and the Materializer to the tree the ops describe, and to the
 * same tree as the in-memory trace.
 */
class TraceFileReplayTest {

  @TempDir Path base;

  @Test
  void aTraceReadBackFromItsFileReplaysToTheExpectedTree() throws Exception {
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    new Random(11).nextBytes(big);
    TraceBuilder b =
        TraceBuilder.create()
            .dir("etc")
            .file("etc/conf", "k=v\n".getBytes(StandardCharsets.UTF_8))
            .file("big.bin", Payload.of(big), 0600)
            .hardlink("etc/conf", "conf-link")
            .symlink("etc/link", "../big.bin")
            .fifo("pipe");
    long tmp = b.create(ROOT, "tmp");
    b.write(tmp, 0, "hello");
    b.write(tmp, 100_000, Payload.of(big));
    b.fsync(tmp);
    b.rename(ROOT, "tmp", ROOT, "big.bin"); // over an existing file
    b.close(tmp);
    long conf = b.inode("etc/conf");
    b.open(conf, OpenFlags.O_RDWR | OpenFlags.O_TRUNC);
    b.write(conf, 0, "k=w\n");
    b.truncate(conf, 10);
    b.chmod(conf, 0600);
    b.close(conf);
    long d = b.mkdir(ROOT, "d", 0750);
    long s = b.symlink(d, "s", "../../etc/passwd");
    b.failing(EEXIST).mkdir(ROOT, "etc");
    b.marker("done");
    Trace inMemory = b.build();
    Trace fromFile = TraceReader.read(b.writeTo(base.resolve("t.trace")));

    FsImage a = FsImage.of(inMemory.image());
    a.applyAll(inMemory.ops());
    FsImage f = FsImage.of(fromFile.image());
    f.applyAll(fromFile.ops());
    assertEquals(a.contentHash(), f.contentHash());

    byte[] expectedBig = new byte[100_000 + big.length];
    System.arraycopy("hello".getBytes(StandardCharsets.UTF_8), 0, expectedBig, 0, 5);
    System.arraycopy(big, 0, expectedBig, 100_000, big.length);
    assertArrayEquals(expectedBig, f.read(f.lookup(ROOT, "big.bin").getAsLong()));
    assertEquals(1, f.list(ROOT).values().stream().filter(i -> i == tmp).count());
    assertEquals(0600, f.mode(conf));
    assertEquals(s, f.lookup(d, "s").getAsLong());

    Path out = Materializer.materialize(f, base.resolve("out"));
    TreeMap<String, String> snap = TreeSnapshot.of(out);
    assertEquals(
        "[big.bin, conf-link, d, d/s, etc, etc/conf, etc/link, pipe]", snap.keySet().toString());
    assertArrayEquals(expectedBig, Files.readAllBytes(out.resolve("big.bin")));
    assertArrayEquals(
        new byte[] {'k', '=', 'w', '\n', 0, 0, 0, 0, 0, 0}, Files.readAllBytes(out.resolve("conf-link")));
    assertTrue(snap.get("etc/conf").endsWith("hardlink-of conf-link"), snap.toString());
    assertEquals(Paths.get("../big.bin"), Files.readSymbolicLink(out.resolve("etc/link")));
    assertTrue(snap.get("pipe").startsWith("OTHER"), snap.toString());
    assertFalse(f.exists(inMemory.image().entries().get(3).inode()), "the replaced big.bin is gone");
    assertEquals(TraceOp.Marker.class, fromFile.ops().get(fromFile.ops().size() - 1).getClass());
  }
}
