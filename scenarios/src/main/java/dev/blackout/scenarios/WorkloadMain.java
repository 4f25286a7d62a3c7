package dev.blackout.scenarios;

import java.nio.file.Path;

/**
 * A scenario's workload as its own process: {@code java -cp ... dev.blackout.scenarios.WorkloadMain
 * SCENARIO [ROLE]}. Works in the current directory (the mount, under {@code blackout record}) and
 * acknowledges through {@code BLACKOUT_CONTROL} when it is set. Exit status 0 when the workload
 * completed, 1 when it failed, 2 on bad arguments.
 */
public final class WorkloadMain {
  private WorkloadMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: WorkloadMain SCENARIO [ROLE]");
      return 2;
    }
    Scenario s = Catalog.byName(args[0]).orElse(null);
    if (s == null) {
      System.err.println("unknown scenario '" + args[0] + "'");
      return 2;
    }
    String role = args.length == 2 ? args[1] : s.roles().get(0);
    if (!s.roles().contains(role)) {
      System.err.println("scenario " + s.name() + " has no role '" + role + "'; roles: " + s.roles());
      return 2;
    }
    try {
      s.run(role, Path.of("").toAbsolutePath(), MarkerAcks.fromEnvironment());
      return 0;
    } catch (Exception e) {
      System.err.println("workload " + s.name() + "/" + role + " failed: " + e);
      return 1;
    }
  }
}
