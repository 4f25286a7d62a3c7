package dev.blackout.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs the {@code blackout} command line in-process with captured stdout and stderr. */
record CliRun(int exitCode, String stdout, String stderr) {

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  List<String> outLines() {
    return lines(stdout);
  }

  List<String> errLines() {
    return lines(stderr);
  }

  private static List<String> lines(String s) {
    return s.lines().toList();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
  }
}
