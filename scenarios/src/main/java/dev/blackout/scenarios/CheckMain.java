package dev.blackout.scenarios;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A scenario's checker as an external command (design.md section 6): {@code java -cp ...
 * dev.blackout.scenarios.CheckMain SCENARIO}, run on a crash state with {@code BLACKOUT_STATE}
 * (default: the working directory) and {@code BLACKOUT_ACKED} (a file of markers, one a line).
 * Exit 0 = consistent, 1 = violation (printed), 2 = cannot judge.
 */
public final class CheckMain {
  private CheckMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: CheckMain SCENARIO (with BLACKOUT_STATE and BLACKOUT_ACKED set)");
      return 2;
    }
    Scenario s = Catalog.byName(args[0]).orElse(null);
    if (s == null) {
      System.err.println("unknown scenario '" + args[0] + "'");
      return 2;
    }
    try {
      String stateEnv = System.getenv("BLACKOUT_STATE");
      Path state = Path.of(stateEnv == null || stateEnv.isEmpty() ? "" : stateEnv).toAbsolutePath();
      String ackedEnv = System.getenv("BLACKOUT_ACKED");
      List<String> acked = ackedEnv == null || ackedEnv.isEmpty()
          ? List.of()
          : Files.readAllLines(Path.of(ackedEnv), StandardCharsets.UTF_8).stream()
              .filter(l -> !l.isEmpty()).toList();
      String problem = s.check(state, acked);
      if (problem != null) {
        System.out.println(problem);
        return 1;
      }
      return 0;
    } catch (Exception e) {
      System.err.println("checker " + s.name() + " cannot judge the state: " + e);
      return 2;
    }
  }
}
