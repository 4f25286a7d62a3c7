package dev.blackout.fuse.internal;

/**
 * Keeps JNA from running {@code /sbin/ldconfig -p} when it first loads a library: unless {@code
 * jna.platform.library.path} is set, JNA's library class forks and execs it to learn the system's
 * library directories, which cost ~50 ms of every recorder's start-up here (issue 13). We load
 * libraries by soname ({@code libfuse3.so.3}, libc), which the dynamic loader finds through its own
 * cache whatever JNA's search path, so the usual directories are enough. Set before JNA's library
 * class initializes; a value the user gave is kept.
 */
public final class JnaSearchPath {
  static final String PROPERTY = "jna.platform.library.path";

  private JnaSearchPath() {}

  public static void init() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(
          PROPERTY,
          "/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu:/usr/lib64:/lib64:/usr/lib:/lib");
    }
  }
}
