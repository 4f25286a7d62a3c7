package dev.blackout.core.image;

import dev.blackout.core.trace.OpMeta;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.TraceOp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds ops with consecutive sequence numbers for the image tests, collecting them in order. */
final class Ops {
  final List<TraceOp> ops = new ArrayList<>();
  private long seq = 1;

  OpMeta next() {
    return OpMeta.of(seq++);
  }

  <T extends TraceOp> T add(T op) {
    ops.add(op);
    return op;
  }

  TraceOp.Create create(long parent, String name, long inode, int mode, long handle) {
    return add(new TraceOp.Create(next(), parent, name, inode, mode, handle, 01 | 0100));
  }

  TraceOp.Mkdir mkdir(long parent, String name, long inode, int mode) {
    return add(new TraceOp.Mkdir(next(), parent, name, inode, mode));
  }

  TraceOp.Write write(long inode, long handle, long offset, byte[] data) {
    return add(new TraceOp.Write(next(), inode, handle, offset, Payload.of(data), 0));
  }

  TraceOp.Write write(long inode, long handle, long offset, String text) {
    return write(inode, handle, offset, text.getBytes(StandardCharsets.UTF_8));
  }

  TraceOp.Release release(long inode, long handle) {
    return add(new TraceOp.Release(next(), inode, handle));
  }

  TraceOp.Open open(long inode, long handle, int flags) {
    return add(new TraceOp.Open(next(), inode, handle, flags));
  }

  TraceOp.Rename rename(long sp, String sn, long dp, String dn, long inode, long replaced, int f) {
    return add(new TraceOp.Rename(next(), sp, sn, dp, dn, inode, replaced, f));
  }

  TraceOp.Unlink unlink(long parent, String name, long inode) {
    return add(new TraceOp.Unlink(next(), parent, name, inode));
  }

  TraceOp.Link link(long inode, long parent, String name) {
    return add(new TraceOp.Link(next(), inode, parent, name));
  }

  TraceOp.Symlink symlink(long parent, String name, long inode, String target) {
    return add(new TraceOp.Symlink(next(), parent, name, inode, target));
  }

  TraceOp.Truncate truncate(long inode, long size) {
    return add(new TraceOp.Truncate(next(), inode, 0, size));
  }

  TraceOp.Chmod chmod(long inode, int mode) {
    return add(new TraceOp.Chmod(next(), inode, mode));
  }

  TraceOp.Rmdir rmdir(long parent, String name, long inode) {
    return add(new TraceOp.Rmdir(next(), parent, name, inode));
  }
}
