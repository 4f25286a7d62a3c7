package dev.blackout.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * What system call the thread behind a FUSE request is blocked in, read from {@code
 * /proc/<tid>/syscall} (its first field is the call's number while the thread waits in it). Used
 * for the one thing a high-level libfuse file system cannot otherwise tell: whether libfuse's
 * hiding of an open file (a rename to {@code .fuse_hiddenXXX}) stands for an unlink, or comes
 * before a rename onto that name (see {@link HiddenFiles}).
 */
final class CallerSyscall {
  private CallerSyscall() {}

  /** rename, renameat, renameat2 on x86-64; renameat, renameat2 on aarch64. */
  private static final Set<Integer> RENAMES =
      "aarch64".equals(System.getProperty("os.arch")) ? Set.of(38, 276) : Set.of(82, 264, 316);

  /**
   * Whether thread {@code tid} is in rename(2), renameat(2) or renameat2(2). False when it cannot
   * be told: no such thread (tid 0: a request the kernel made itself), {@code /proc} not readable
   * (another user's process with a recorder that is not root, or Yama's ptrace scope), or a thread
   * not in a system call (an io_uring worker).
   */
  static boolean inRename(int tid) {
    if (tid <= 0) {
      return false;
    }
    try {
      String s = Files.readString(Path.of("/proc/" + tid + "/syscall"));
      int end = s.indexOf(' ');
      return RENAMES.contains(Integer.parseInt(end < 0 ? s.trim() : s.substring(0, end)));
    } catch (IOException | NumberFormatException | SecurityException e) {
      return false;
    }
  }
}
