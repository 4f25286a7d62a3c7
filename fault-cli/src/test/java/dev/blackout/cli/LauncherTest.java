package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./blackout} launcher's checks that stop before building anything: each failure is
 * one line on stderr with exit status 2. Tools are faked through PATH and JAVA_HOME.
 */
@DisplayName("the ./blackout launcher")
class LauncherTest {

  private static final Path LAUNCHER = Path.of("..", "blackout").toAbsolutePath().normalize();

  @TempDir Path dir;

  record Result(int exitCode, String stdout, String stderr) {}

  @Test
  @DisplayName("refuses a Java older than 17 and says what to install")
  void oldJava() throws Exception {
    Path home = fakeJava("openjdk version \"11.0.2\" 2019-01-15");

    Result r = run(Map.of("JAVA_HOME", home.toString(), "PATH", System.getenv("PATH")), "models");

    String line = oneLine(r);
    assertTrue(line.contains("Java 11") && line.contains("17 or newer"), line);
  }

  @Test
  @DisplayName("reads the old '1.8' version scheme")
  void java8() throws Exception {
    Path home = fakeJava("java version \"1.8.0_202\"");

    Result r = run(Map.of("JAVA_HOME", home.toString(), "PATH", System.getenv("PATH")), "models");

    assertTrue(oneLine(r).contains("Java 8"), r.stderr());
  }

  @Test
  @DisplayName("says when there is no java at all")
  void noJava() throws Exception {
    Result r =
        run(Map.of("JAVA_HOME", dir.resolve("none").toString(), "PATH", System.getenv("PATH")),
            "models");

    String line = oneLine(r);
    assertTrue(line.contains("was not found") && line.contains("JDK 17"), line);
  }

  @Test
  @DisplayName("without FUSE 3 and not root: prints the exact apt-get command, exit 2")
  void fuseMissingNotRoot() throws Exception {
    Path bin = sandboxPath();
    script(bin.resolve("id"), "echo 1000");

    Result r = run(Map.of("PATH", bin.toString()), "demo");

    String line = oneLine(r);
    assertTrue(line.contains("fusermount3"), line);
    assertTrue(
        line.endsWith("sudo apt-get update && sudo apt-get install -y fuse3 libfuse3-3"), line);
  }

  @Test
  @DisplayName("without FUSE 3 as root and without apt-get: says so, exit 2")
  void fuseMissingRootNoApt() throws Exception {
    Path bin = sandboxPath();
    script(bin.resolve("id"), "echo 0");

    Result r = run(Map.of("PATH", bin.toString()), "explore", "--trace", "x");

    String line = oneLine(r);
    assertTrue(line.contains("apt-get is not available"), line);
  }

  @Test
  @DisplayName("without FUSE 3 as root: installs fuse3 and libfuse3-3 with apt-get")
  void fuseMissingRootInstalls() throws Exception {
    Path bin = sandboxPath();
    script(bin.resolve("id"), "echo 0");
    Path log = dir.resolve("apt.log");
    // a fake apt-get that logs its arguments and "installs" nothing: the launcher must notice
    script(bin.resolve("apt-get"), "echo \"$*\" >> '" + log + "'");

    Result r = run(Map.of("PATH", bin.toString()), "record", "--", "true");

    List<String> calls = Files.readAllLines(log);
    assertEquals(List.of("update -q", "install -y -q fuse3 libfuse3-3"), calls);
    assertEquals(2, r.exitCode(), r::toString);
    assertTrue(r.stderr().contains("still missing after installing"), r.stderr());
  }

  /** A PATH holding only what the launcher needs up to its FUSE check (no fusermount3). */
  private Path sandboxPath() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String tool : List.of("bash", "readlink", "dirname", "sed")) {
      Path real = Path.of("/usr/bin", tool);
      if (!Files.exists(real)) {
        real = Path.of("/bin", tool);
      }
      Files.createSymbolicLink(bin.resolve(tool), real);
    }
    Files.createSymbolicLink(
        bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    return bin;
  }

  private Path fakeJava(String versionLine) throws IOException {
    Path home = dir.resolve("jdk");
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    script(java, "echo '" + versionLine + "' >&2");
    return home;
  }

  private static void script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static String oneLine(Result r) {
    assertEquals(2, r.exitCode(), r::toString);
    List<String> lines = r.stderr().lines().toList();
    assertEquals(1, lines.size(), r::toString);
    assertTrue(lines.get(0).startsWith("blackout: ") && lines.get(0).contains("; "), r::toString);
    return lines.get(0);
  }

  private Result run(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("/bin/bash", LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectOutput(dir.resolve("out.txt").toFile());
    pb.redirectError(dir.resolve("err.txt").toFile());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the launcher did not finish within 60 s: " + command);
    }
    return new Result(
        p.exitValue(),
        Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }
}
