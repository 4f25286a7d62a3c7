package dev.blackout.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The conformance suite: small busybox {@code sh} workloads (xfs_io for the system calls the shell
 * has no command for), one per persistence pattern: the seed patterns and single operations in
 * ALICE's spirit. Each script's header says what it does, its setup files ({@code #@text NAME
 * CONTENT}: a line of text; {@code #@file NAME SIZE CHAR}: SIZE bytes of CHAR) and whether CI runs
 * it ({@code #@ci}). They acknowledge with the built-in checker's markers ({@code file PATH
 * sha256=HEX}, {@code intent ...}).
 */
public final class Suite {

  /** The workloads, in the order the table lists them. */
  public static final List<String> NAMES = List.of(
      "overwrite-in-place", "rename-over-no-fsync", "rename-over-fsync-other", "rename-over-fsync-file",
      "rename-over-fsync-dir",
      "append-fdatasync", "preallocated-log", "odirect-rmw-truncate", "osync-write", "odsync-write",
      "mmap-msync", "append", "truncate-down", "truncate-up", "fallocate", "link", "unlink",
      "rename-new-name", "mkdir", "sync-kinds");

  private Suite() {}

  /** The script of workload {@code name}. */
  public static String script(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("no suite workload '" + name + "'; known: " + String.join(", ", NAMES));
    }
    return GuestKit.resource("suite/" + name + ".sh");
  }

  /** Whether CI's reduced calibration runs {@code name}. */
  public static boolean inCi(String name) {
    return script(name).lines().anyMatch(l -> l.strip().equals("#@ci"));
  }

  /** The first comment line: what the workload does. */
  public static String description(String name) {
    return script(name).lines().filter(l -> l.startsWith("# ")).findFirst().map(l -> l.substring(2)).orElse("");
  }

  /** Writes the scripts of {@code names} and their setup directories under {@code dir}. */
  public static List<Workload> materialize(Path dir, List<String> names) throws IOException {
    List<Workload> out = new ArrayList<>();
    for (String name : names) {
      String script = script(name);
      Path w = Files.createDirectories(dir.resolve(name));
      Path cmd = w.resolve(name + ".sh");
      Files.writeString(cmd, script);
      Path setup = Files.createDirectories(w.resolve("setup"));
      for (String line : script.lines().toList()) {
        String[] f = line.strip().split(" ", 4);
        if (f[0].equals("#@text") && f.length >= 2) {
          String text = line.strip().substring(("#@text " + f[1]).length()).strip();
          Files.writeString(setup.resolve(f[1]), text.isEmpty() ? "" : text + "\n");
        } else if (f[0].equals("#@file") && f.length == 4) {
          byte[] b = new byte[Integer.parseInt(f[2])];
          Arrays.fill(b, f[3].getBytes(StandardCharsets.US_ASCII)[0]);
          Files.write(setup.resolve(f[1]), b);
        }
      }
      out.add(new Workload(name, cmd, List.of(), setup));
    }
    return out;
  }
}
