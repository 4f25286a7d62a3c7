package dev.blackout.fuse.internal;

import com.sun.jna.Callback;
import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.blackout.fuse.FuseOperations;
import dev.blackout.fuse.FuseOperations.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A native {@code struct fuse_operations} whose slots call a {@link FuseOperations}. Holds every
 * Callback strongly (JNA's trampolines only keep weak references: a collected callback would answer
 * 0, "success") until the owner drops the table, which must be after {@code fuse_destroy}. Every
 * callback catches Throwable and answers -EIO.
 */
public final class OperationsTable {
  private static final Logger LOG = LoggerFactory.getLogger(OperationsTable.class);
  private static final int EIO = -Errno.EIO;

  private final Memory memory = new Memory(Layout.FUSE_OPERATIONS_SIZE);
  private final List<Callback> callbacks = new ArrayList<>();
  private final CallbackThreadInitializer threads =
      new CallbackThreadInitializer(true, false, "fuse-worker");

  private OperationsTable() {
    memory.clear();
  }

  /** Pointer to the struct, valid while this table is reachable. */
  public Pointer pointer() {
    return memory;
  }

  /** Builds the table for {@code fs}, leaving unsupported slots NULL. */
  public static OperationsTable of(FuseOperations fs) {
    OperationsTable t = new OperationsTable();
    Set<Operation> ops = fs.supportedOperations();
    if (ops.contains(Operation.GETATTR)) {
      t.put(
          Layout.OP_GETATTR,
          (Callbacks.PPP)
              (p, st, fi) -> {
                try {
                  return fs.getattr(p, st, fi);
                } catch (Throwable e) {
                  return failed("getattr", e);
                }
              });
    }
    if (ops.contains(Operation.READLINK)) {
      t.put(
          Layout.OP_READLINK,
          (Callbacks.PPL)
              (p, buf, size) -> {
                try {
                  return fs.readlink(p, buf, size);
                } catch (Throwable e) {
                  return failed("readlink", e);
                }
              });
    }
    if (ops.contains(Operation.MKNOD)) {
      t.put(
          Layout.OP_MKNOD,
          (Callbacks.PIL)
              (p, mode, dev) -> {
                try {
                  return fs.mknod(p, mode, dev);
                } catch (Throwable e) {
                  return failed("mknod", e);
                }
              });
    }
    if (ops.contains(Operation.MKDIR)) {
      t.put(
          Layout.OP_MKDIR,
          (Callbacks.PI)
              (p, mode) -> {
                try {
                  return fs.mkdir(p, mode);
                } catch (Throwable e) {
                  return failed("mkdir", e);
                }
              });
    }
    if (ops.contains(Operation.UNLINK)) {
      t.put(
          Layout.OP_UNLINK,
          (Callbacks.P)
              p -> {
                try {
                  return fs.unlink(p);
                } catch (Throwable e) {
                  return failed("unlink", e);
                }
              });
    }
    if (ops.contains(Operation.RMDIR)) {
      t.put(
          Layout.OP_RMDIR,
          (Callbacks.P)
              p -> {
                try {
                  return fs.rmdir(p);
                } catch (Throwable e) {
                  return failed("rmdir", e);
                }
              });
    }
    if (ops.contains(Operation.SYMLINK)) {
      t.put(
          Layout.OP_SYMLINK,
          (Callbacks.PP)
              (target, link) -> {
                try {
                  return fs.symlink(target, link);
                } catch (Throwable e) {
                  return failed("symlink", e);
                }
              });
    }
    if (ops.contains(Operation.RENAME)) {
      t.put(
          Layout.OP_RENAME,
          (Callbacks.PPI)
              (from, to, flags) -> {
                try {
                  return fs.rename(from, to, flags);
                } catch (Throwable e) {
                  return failed("rename", e);
                }
              });
    }
    if (ops.contains(Operation.LINK)) {
      t.put(
          Layout.OP_LINK,
          (Callbacks.PP)
              (from, to) -> {
                try {
                  return fs.link(from, to);
                } catch (Throwable e) {
                  return failed("link", e);
                }
              });
    }
    if (ops.contains(Operation.CHMOD)) {
      t.put(
          Layout.OP_CHMOD,
          (Callbacks.PIP)
              (p, mode, fi) -> {
                try {
                  return fs.chmod(p, mode, fi);
                } catch (Throwable e) {
                  return failed("chmod", e);
                }
              });
    }
    if (ops.contains(Operation.CHOWN)) {
      t.put(
          Layout.OP_CHOWN,
          (Callbacks.PIIP)
              (p, uid, gid, fi) -> {
                try {
                  return fs.chown(p, uid, gid, fi);
                } catch (Throwable e) {
                  return failed("chown", e);
                }
              });
    }
    if (ops.contains(Operation.TRUNCATE)) {
      t.put(
          Layout.OP_TRUNCATE,
          (Callbacks.PLP)
              (p, size, fi) -> {
                try {
                  return fs.truncate(p, size, fi);
                } catch (Throwable e) {
                  return failed("truncate", e);
                }
              });
    }
    if (ops.contains(Operation.OPEN)) {
      t.put(
          Layout.OP_OPEN,
          (Callbacks.PP)
              (p, fi) -> {
                try {
                  return fs.open(p, fi);
                } catch (Throwable e) {
                  return failed("open", e);
                }
              });
    }
    if (ops.contains(Operation.READ)) {
      t.put(
          Layout.OP_READ,
          (Callbacks.PPLLP)
              (p, buf, size, off, fi) -> {
                try {
                  return fs.read(p, buf, size, off, fi);
                } catch (Throwable e) {
                  return failed("read", e);
                }
              });
    }
    if (ops.contains(Operation.WRITE)) {
      t.put(
          Layout.OP_WRITE,
          (Callbacks.PPLLP)
              (p, buf, size, off, fi) -> {
                try {
                  return fs.write(p, buf, size, off, fi);
                } catch (Throwable e) {
                  return failed("write", e);
                }
              });
    }
    if (ops.contains(Operation.STATFS)) {
      t.put(
          Layout.OP_STATFS,
          (Callbacks.PP)
              (p, st) -> {
                try {
                  return fs.statfs(p, st);
                } catch (Throwable e) {
                  return failed("statfs", e);
                }
              });
    }
    if (ops.contains(Operation.FLUSH)) {
      t.put(
          Layout.OP_FLUSH,
          (Callbacks.PP)
              (p, fi) -> {
                try {
                  return fs.flush(p, fi);
                } catch (Throwable e) {
                  return failed("flush", e);
                }
              });
    }
    if (ops.contains(Operation.RELEASE)) {
      t.put(
          Layout.OP_RELEASE,
          (Callbacks.PP)
              (p, fi) -> {
                try {
                  return fs.release(p, fi);
                } catch (Throwable e) {
                  return failed("release", e);
                }
              });
    }
    if (ops.contains(Operation.FSYNC)) {
      t.put(
          Layout.OP_FSYNC,
          (Callbacks.PIP)
              (p, datasync, fi) -> {
                try {
                  return fs.fsync(p, datasync, fi);
                } catch (Throwable e) {
                  return failed("fsync", e);
                }
              });
    }
    if (ops.contains(Operation.SETXATTR)) {
      t.put(
          Layout.OP_SETXATTR,
          (Callbacks.PPPLI)
              (p, name, value, size, flags) -> {
                try {
                  return fs.setxattr(p, name, value, size, flags);
                } catch (Throwable e) {
                  return failed("setxattr", e);
                }
              });
    }
    if (ops.contains(Operation.GETXATTR)) {
      t.put(
          Layout.OP_GETXATTR,
          (Callbacks.PPPL)
              (p, name, value, size) -> {
                try {
                  return fs.getxattr(p, name, value, size);
                } catch (Throwable e) {
                  return failed("getxattr", e);
                }
              });
    }
    if (ops.contains(Operation.LISTXATTR)) {
      t.put(
          Layout.OP_LISTXATTR,
          (Callbacks.PPL)
              (p, list, size) -> {
                try {
                  return fs.listxattr(p, list, size);
                } catch (Throwable e) {
                  return failed("listxattr", e);
                }
              });
    }
    if (ops.contains(Operation.REMOVEXATTR)) {
      t.put(
          Layout.OP_REMOVEXATTR,
          (Callbacks.PP)
              (p, name) -> {
                try {
                  return fs.removexattr(p, name);
                } catch (Throwable e) {
                  return failed("removexattr", e);
                }
              });
    }
    if (ops.contains(Operation.OPENDIR)) {
      t.put(
          Layout.OP_OPENDIR,
          (Callbacks.PP)
              (p, fi) -> {
                try {
                  return fs.opendir(p, fi);
                } catch (Throwable e) {
                  return failed("opendir", e);
                }
              });
    }
    if (ops.contains(Operation.READDIR)) {
      t.put(
          Layout.OP_READDIR,
          (Callbacks.Readdir)
              (p, buf, filler, off, fi, flags) -> {
                try {
                  Function fill = Function.getFunction(filler);
                  Object[] args = new Object[] {buf, null, null, 0L, 0};
                  return fs.readdir(
                      p,
                      (name, st) -> {
                        args[1] = name;
                        args[2] = st;
                        return fill.invokeInt(args) == 0;
                      },
                      off,
                      fi,
                      flags);
                } catch (Throwable e) {
                  return failed("readdir", e);
                }
              });
    }
    if (ops.contains(Operation.RELEASEDIR)) {
      t.put(
          Layout.OP_RELEASEDIR,
          (Callbacks.PP)
              (p, fi) -> {
                try {
                  return fs.releasedir(p, fi);
                } catch (Throwable e) {
                  return failed("releasedir", e);
                }
              });
    }
    if (ops.contains(Operation.FSYNCDIR)) {
      t.put(
          Layout.OP_FSYNCDIR,
          (Callbacks.PIP)
              (p, datasync, fi) -> {
                try {
                  return fs.fsyncdir(p, datasync, fi);
                } catch (Throwable e) {
                  return failed("fsyncdir", e);
                }
              });
    }
    // init always runs: the mount depends on the settings it makes (see Fuse).
    t.put(
        Layout.OP_INIT,
        (Callbacks.Init)
            (conn, cfg) -> {
              try {
                fs.init(conn, cfg);
              } catch (Throwable e) {
                failed("init", e);
              }
              return null;
            });
    if (ops.contains(Operation.DESTROY)) {
      t.put(
          Layout.OP_DESTROY,
          (Callbacks.Destroy)
              data -> {
                try {
                  fs.destroy();
                } catch (Throwable e) {
                  failed("destroy", e);
                }
              });
    }
    if (ops.contains(Operation.ACCESS)) {
      t.put(
          Layout.OP_ACCESS,
          (Callbacks.PI)
              (p, mask) -> {
                try {
                  return fs.access(p, mask);
                } catch (Throwable e) {
                  return failed("access", e);
                }
              });
    }
    if (ops.contains(Operation.CREATE)) {
      t.put(
          Layout.OP_CREATE,
          (Callbacks.PIP)
              (p, mode, fi) -> {
                try {
                  return fs.create(p, mode, fi);
                } catch (Throwable e) {
                  return failed("create", e);
                }
              });
    }
    if (ops.contains(Operation.UTIMENS)) {
      t.put(
          Layout.OP_UTIMENS,
          (Callbacks.PPP)
              (p, tv, fi) -> {
                try {
                  return fs.utimens(p, tv, fi);
                } catch (Throwable e) {
                  return failed("utimens", e);
                }
              });
    }
    if (ops.contains(Operation.FALLOCATE)) {
      t.put(
          Layout.OP_FALLOCATE,
          (Callbacks.Fallocate)
              (p, mode, off, len, fi) -> {
                try {
                  return fs.fallocate(p, mode, off, len, fi);
                } catch (Throwable e) {
                  return failed("fallocate", e);
                }
              });
    }
    if (ops.contains(Operation.COPY_FILE_RANGE)) {
      t.put(
          Layout.OP_COPY_FILE_RANGE,
          (Callbacks.CopyFileRange)
              (pin, fin, offin, pout, fout, offout, len, flags) -> {
                try {
                  return fs.copyFileRange(pin, fin, offin, pout, fout, offout, len, flags);
                } catch (Throwable e) {
                  return failed("copy_file_range", e);
                }
              });
    }
    if (ops.contains(Operation.LSEEK)) {
      t.put(
          Layout.OP_LSEEK,
          (Callbacks.Lseek)
              (p, off, whence, fi) -> {
                try {
                  return fs.lseek(p, off, whence, fi);
                } catch (Throwable e) {
                  return failed("lseek", e);
                }
              });
    }
    return t;
  }

  /** The number of filled slots (for tests and logs). */
  public int registered() {
    return callbacks.size();
  }

  private void put(int offset, Callback cb) {
    // The initializer must be registered before the trampoline is created (notes §3.2).
    Native.setCallbackThreadInitializer(cb, threads);
    Pointer fn = LibC.memmove(cb, null, 0);
    callbacks.add(cb);
    memory.setPointer(offset, fn);
  }

  private static int failed(String op, Throwable e) {
    try {
      LOG.error("{} failed with an unexpected exception; answering EIO", op, e);
    } catch (Throwable ignored) {
      // Never let logging escape into native code.
    }
    return EIO;
  }
}
