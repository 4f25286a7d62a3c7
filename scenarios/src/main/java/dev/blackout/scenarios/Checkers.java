package dev.blackout.scenarios;

import dev.blackout.core.check.CheckResult;
import dev.blackout.core.check.Checker;
import java.nio.file.Path;
import java.util.List;

/**
 * A scenario's checker in the forms the explorer takes: a Java {@link Checker} (this class), or
 * an external command ({@link CheckMain}, with the design.md section 6 environment).
 */
public final class Checkers {
  private Checkers() {}

  /** {@code s}'s checker: PASS when consistent, FAIL with its message, ERROR when it threw. */
  public static Checker of(Scenario s) {
    return request -> {
      String problem = s.check(request.state(), request.acked());
      return problem == null ? CheckResult.pass() : CheckResult.fail(problem);
    };
  }

  /** The command line that runs {@code s}'s checker as a process on a crash state. */
  public static List<String> command(Scenario s) {
    String jvm = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(jvm, "-cp", WorkloadProcesses.classPath(), CheckMain.class.getName(),
        s.name());
  }
}
