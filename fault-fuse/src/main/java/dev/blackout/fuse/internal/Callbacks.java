package dev.blackout.fuse.internal;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;

/**
 * One JNA callback type per distinct {@code fuse_operations} signature. Parameters are primitives
 * and {@link Pointer}s only, so JNA can build direct-mode trampolines (no boxing, no reflection).
 */
final class Callbacks {
  private Callbacks() {}

  /** (path) — unlink, rmdir. */
  interface P extends Callback {
    int invoke(Pointer a);
  }

  /**
   * (path, ptr) — open, flush, release, opendir, releasedir, statfs, symlink, link, removexattr.
   */
  interface PP extends Callback {
    int invoke(Pointer a, Pointer b);
  }

  /** (path, ptr, ptr) — getattr, utimens. */
  interface PPP extends Callback {
    int invoke(Pointer a, Pointer b, Pointer c);
  }

  /** (path, buf, size) — readlink, listxattr. */
  interface PPL extends Callback {
    int invoke(Pointer a, Pointer b, long c);
  }

  /** (path, mode, dev) — mknod. */
  interface PIL extends Callback {
    int invoke(Pointer a, int b, long c);
  }

  /** (path, mode) — mkdir, access. */
  interface PI extends Callback {
    int invoke(Pointer a, int b);
  }

  /** (from, to, flags) — rename. */
  interface PPI extends Callback {
    int invoke(Pointer a, Pointer b, int c);
  }

  /** (path, mode, fi) — chmod, create; (path, datasync, fi) — fsync, fsyncdir. */
  interface PIP extends Callback {
    int invoke(Pointer a, int b, Pointer c);
  }

  /** (path, uid, gid, fi) — chown. */
  interface PIIP extends Callback {
    int invoke(Pointer a, int b, int c, Pointer d);
  }

  /** (path, size, fi) — truncate. */
  interface PLP extends Callback {
    int invoke(Pointer a, long b, Pointer c);
  }

  /** (path, buf, size, offset, fi) — read, write. */
  interface PPLLP extends Callback {
    int invoke(Pointer a, Pointer b, long c, long d, Pointer e);
  }

  /** (path, name, value, size, flags) — setxattr. */
  interface PPPLI extends Callback {
    int invoke(Pointer a, Pointer b, Pointer c, long d, int e);
  }

  /** (path, name, value, size) — getxattr. */
  interface PPPL extends Callback {
    int invoke(Pointer a, Pointer b, Pointer c, long d);
  }

  /** (path, buf, filler, offset, fi, flags) — readdir. */
  interface Readdir extends Callback {
    int invoke(Pointer a, Pointer b, Pointer c, long d, Pointer e, int f);
  }

  /** (conn, cfg) → private data — init. */
  interface Init extends Callback {
    Pointer invoke(Pointer conn, Pointer cfg);
  }

  /** (private data) — destroy. */
  interface Destroy extends Callback {
    void invoke(Pointer a);
  }

  /** (path, mode, offset, length, fi) — fallocate. */
  interface Fallocate extends Callback {
    int invoke(Pointer a, int b, long c, long d, Pointer e);
  }

  /** copy_file_range. */
  interface CopyFileRange extends Callback {
    long invoke(Pointer a, Pointer b, long c, Pointer d, Pointer e, long f, long g, int h);
  }

  /** (path, offset, whence, fi) → offset — lseek. */
  interface Lseek extends Callback {
    long invoke(Pointer a, long b, int c, Pointer d);
  }
}
