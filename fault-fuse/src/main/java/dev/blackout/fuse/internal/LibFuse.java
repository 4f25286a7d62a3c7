package dev.blackout.fuse.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The high-level libfuse 3 entry points, direct-mapped to {@code libfuse3.so.3} by that exact name,
 * with the explicitly versioned symbols ({@code fuse_new_31}, {@code fuse_loop_mt_312}) so that a
 * library exporting several versions cannot hand us an older ABI.
 */
public final class LibFuse {
  public static final String LIBRARY = "libfuse3.so.3";

  static {
    JnaSearchPath.init();
    Native.register(LibFuse.class, NativeLibrary.getInstance(LIBRARY));
  }

  private LibFuse() {}

  /** Loads the library; throws {@link UnsatisfiedLinkError} when it is missing. */
  public static void load() {
    // Class initialization did the work.
  }

  public static native Pointer fuse_new_31(
      Pointer args, Pointer ops, long opSize, Pointer userData);

  public static native int fuse_mount(Pointer fuse, String mountpoint);

  public static native void fuse_unmount(Pointer fuse);

  public static native void fuse_destroy(Pointer fuse);

  public static native void fuse_exit(Pointer fuse);

  public static native int fuse_loop_mt_312(Pointer fuse, Pointer config);

  public static native Pointer fuse_loop_cfg_create();

  public static native void fuse_loop_cfg_destroy(Pointer config);

  public static native void fuse_loop_cfg_set_max_threads(Pointer config, int max);

  public static native Pointer fuse_get_context();

  public static native int fuse_version();
}
