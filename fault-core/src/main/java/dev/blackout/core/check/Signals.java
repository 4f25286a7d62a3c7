package dev.blackout.core.check;

import java.util.Map;

/** Names the Linux signal behind an exit status above 128 (the JDK reports 128 + signal). */
final class Signals {

  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(1, "SIGHUP"),
          Map.entry(2, "SIGINT"),
          Map.entry(3, "SIGQUIT"),
          Map.entry(4, "SIGILL"),
          Map.entry(5, "SIGTRAP"),
          Map.entry(6, "SIGABRT"),
          Map.entry(7, "SIGBUS"),
          Map.entry(8, "SIGFPE"),
          Map.entry(9, "SIGKILL"),
          Map.entry(10, "SIGUSR1"),
          Map.entry(11, "SIGSEGV"),
          Map.entry(12, "SIGUSR2"),
          Map.entry(13, "SIGPIPE"),
          Map.entry(14, "SIGALRM"),
          Map.entry(15, "SIGTERM"),
          Map.entry(24, "SIGXCPU"),
          Map.entry(25, "SIGXFSZ"),
          Map.entry(31, "SIGSYS"));

  private Signals() {}

  /** The signal name for an exit status in 129..192, or null for an ordinary status. */
  static String nameFor(int exitStatus) {
    if (exitStatus <= 128 || exitStatus > 128 + 64) {
      return null;
    }
    int signal = exitStatus - 128;
    return NAMES.getOrDefault(signal, "number " + signal);
  }
}
