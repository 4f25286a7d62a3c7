package dev.blackout.core.testing;

import static dev.blackout.core.testing.TraceBuilder.ENOENT;
import static dev.blackout.core.testing.TraceBuilder.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceBuilderTest {

  @Test
  void assignsSeqInodesAndHandlesAndFillsReplaced() {
    TraceBuilder b = TraceBuilder.create().file("db", "v1".getBytes());
    long db = b.inode("db");
    long f = b.create(ROOT, "tmp");
    b.write(f, 0, "hello");
    b.fsync(f);
    b.rename(ROOT, "tmp", ROOT, "db");
    b.fsyncdir(ROOT);
    b.marker("ack 1");
    b.close(f);
    Trace t = b.build();

    assertEquals(8, t.ops().size());
    TraceOp.Create c = assertInstanceOf(TraceOp.Create.class, t.op(1));
    assertEquals(f, c.inode());
    assertTrue(f > db, "new inode ids come after the image's");
    TraceOp.Write w = assertInstanceOf(TraceOp.Write.class, t.op(2));
    assertEquals(c.handle(), w.handle());
    assertEquals(Payload.of("hello".getBytes()), w.data());
    TraceOp.Rename r = assertInstanceOf(TraceOp.Rename.class, t.op(4));
    assertEquals(f, r.inode());
    assertEquals(db, r.replaced());
    assertEquals(f, b.inode("db"));
    assertInstanceOf(TraceOp.Flush.class, t.op(7));
    assertInstanceOf(TraceOp.Release.class, t.op(8));
    assertEquals(0, b.handle(f), "released");
    for (TraceOp op : t.ops()) {
      assertEquals(op.seq() - 1, op.meta().startSeq());
    }
  }

  @Test
  void failedOpsChangeNoMapAndCarryErrno() {
    TraceBuilder b = TraceBuilder.create();
    b.failing(ENOENT).unlink(ROOT, "missing");
    long none = b.failing(TraceBuilder.EEXIST).mkdir(ROOT, "d");
    assertEquals(0, none);
    assertEquals(0, b.lookup(ROOT, "d"));
    long d = b.mkdir(ROOT, "d");
    assertEquals(2, b.build().op(1).meta().errno());
    assertEquals(0, b.build().op(3).meta().errno(), "failing applies to one op only");
    b.failing(TraceBuilder.ENOTEMPTY).rmdir(ROOT, "d");
    assertEquals(d, b.lookup(ROOT, "d"));
    assertThrows(IllegalArgumentException.class, () -> b.unlink(ROOT, "missing"));
  }

  @Test
  void imageWithHardLinkSharesInodeAndUnlinkKeepsHandle() {
    TraceBuilder b =
        TraceBuilder.create()
            .dir("a")
            .file("a/x", "data".getBytes())
            .hardlink("a/x", "y")
            .symlink("s", "a/x")
            .fifo("p");
    InitialImage img = b.image();
    assertEquals(6, img.entries().size());
    assertEquals(img.entries().get(2).inode(), img.entries().get(3).inode());
    assertEquals(Payload.empty(), img.entries().get(3).content());
    assertEquals(FileType.FIFO, img.entries().get(5).type());
    long x = b.inode("a/x");
    long h = b.open(x, OpenFlags.O_RDWR | OpenFlags.O_SYNC);
    b.unlink(b.inode("a"), "x");
    b.write(x, 0, "z");
    TraceOp.Unlink u = assertInstanceOf(TraceOp.Unlink.class, b.build().op(2));
    assertEquals(x, u.inode());
    TraceOp.Write w = assertInstanceOf(TraceOp.Write.class, b.build().op(3));
    assertEquals(h, w.handle());
    assertEquals(OpenFlags.O_RDWR | OpenFlags.O_SYNC, w.flags());
    assertThrows(IllegalStateException.class, () -> b.dir("late"));
  }

  @Test
  void startSeqPidThreadAndExchange() {
    TraceBuilder b = TraceBuilder.create().file("a", new byte[0]).file("b", new byte[0]);
    long a = b.inode("a");
    long bb = b.inode("b");
    b.pid(42).thread(7).write(a, 0, "1").write(bb, 0, "2").startSeq(1).fsync(a);
    b.rename(ROOT, "a", ROOT, "b", TraceOp.Rename.RENAME_EXCHANGE);
    List<TraceOp> ops = b.ops();
    assertEquals(1, ops.get(2).meta().startSeq());
    assertEquals(42, ops.get(2).meta().pid());
    assertEquals(7, ops.get(0).meta().tid());
    assertEquals(bb, b.inode("a"));
    assertEquals(a, b.inode("b"));
    assertEquals(bb, ((TraceOp.Rename) ops.get(3)).replaced());
  }
}
