package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import dev.blackout.core.trace.TraceReader;
import dev.blackout.fuse.RequireFuse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordCommandIT {
  @TempDir Path tmp;
  Path backing;
  Path mnt;
  Path trace;

  @BeforeEach
  void setUp() throws IOException {
    RequireFuse.check();
    backing = Files.createDirectory(tmp.resolve("backing"));
    mnt = Files.createDirectory(tmp.resolve("mnt"));
    trace = tmp.resolve("out.trace");
  }

  private static String markCommand() {
    return "'"
        + Path.of(System.getProperty("java.home"), "bin", "java")
        + "' -cp '"
        + System.getProperty("java.class.path")
        + "' "
        + MarkMain.class.getName();
  }

  @Test
  void recordsTheCommandItsMarkersAndExitsWithItsStatus() throws IOException {
    String script =
        "echo hello > f && "
            + markCommand()
            + " after f && echo more > g"
            + " && pwd > where && echo \"$BLACKOUT_MOUNT\" >> where; exit 3";
    CommandRun r =
        CommandRun.of(
            new RecordCommand(),
            "--trace",
            trace.toString(),
            "--backing",
            backing.toString(),
            "--mount",
            mnt.toString(),
            "--",
            "sh",
            "-c",
            script);
    assertEquals(3, r.status(), r.err());
    assertTrue(r.err().contains("recorded"), r.err());
    assertEquals("hello\n", Files.readString(backing.resolve("f")));
    List<String> where = Files.readAllLines(backing.resolve("where"));
    assertEquals(mnt.toRealPath().toString(), where.get(0));
    assertEquals(mnt.toRealPath().toString(), where.get(1));
    Trace t = TraceReader.read(trace);
    List<String> events =
        t.ops().stream()
            .filter(o -> o instanceof TraceOp.Create || o instanceof TraceOp.Marker)
            .map(
                o ->
                    o instanceof TraceOp.Create c
                        ? "create " + c.name()
                        : "mark " + ((TraceOp.Marker) o).text())
            .collect(Collectors.toList());
    assertEquals(List.of("create f", "mark after f", "create g", "create where"), events);
    assertFalse(Files.list(mnt).findAny().isPresent(), "unmounted: the mount point is empty");
  }

  @Test
  void aRelativeScriptRunsFromWhereTheUserStandsAndFindsBlackoutMarkOnItsPath()
      throws IOException {
    Path script = tmp.resolve("work.sh");
    Files.writeString(script, "#!/bin/sh\necho new > db\nblackout mark \"ack db\"\n");
    script.toFile().setExecutable(true);
    String relative = Path.of("").toAbsolutePath().relativize(script).toString();
    assertTrue(relative.contains("/") && !relative.startsWith("/"), relative);
    CommandRun r =
        CommandRun.of(
            new RecordCommand(),
            "--trace",
            trace.toString(),
            "--backing",
            backing.toString(),
            "--mount",
            mnt.toString(),
            "--",
            relative);
    assertEquals(0, r.status(), r.err());
    Trace t = TraceReader.read(trace);
    assertTrue(
        t.ops().stream()
            .anyMatch(o -> o instanceof TraceOp.Marker m && m.text().equals("ack db")),
        "the marker 'blackout mark' sent is in the trace: " + t.ops());
  }

  @Test
  void defaultsAreFreshTemporaryDirectories() throws IOException {
    CommandRun r =
        CommandRun.of(
            new RecordCommand(),
            "--trace",
            trace.toString(),
            "--",
            "sh",
            "-c",
            "echo x > a; echo \"$BLACKOUT_MOUNT\" > /dev/stderr");
    assertEquals(0, r.status(), r.err());
    Trace t = TraceReader.read(trace);
    assertTrue(
        t.ops().stream().anyMatch(o -> o instanceof TraceOp.Create c && c.name().equals("a")));
    assertEquals(1, t.image().entries().size(), "the fresh backing directory was empty");
  }

  private static void oneErrorLine(CommandRun r, String contains) {
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().startsWith("blackout: "), r.err());
    assertTrue(r.err().contains(contains), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void anExistingTraceIsKept() throws IOException {
    Files.writeString(trace, "older");
    CommandRun r =
        CommandRun.of(
            new RecordCommand(),
            "--trace",
            trace.toString(),
            "--backing",
            backing.toString(),
            "--mount",
            mnt.toString(),
            "--",
            "true");
    oneErrorLine(r, "already exists");
    assertEquals("older", Files.readString(trace));
  }

  @Test
  void badMountAndBackingDirectories() {
    oneErrorLine(
        CommandRun.of(
            new RecordCommand(),
            "--trace",
            trace.toString(),
            "--backing",
            backing.toString(),
            "--mount",
            tmp.resolve("nope").toString(),
            "--",
            "true"),
        "does not exist");
    oneErrorLine(
        CommandRun.of(
            new RecordCommand(),
            "--trace",
            trace.toString(),
            "--backing",
            tmp.resolve("nope").toString(),
            "--mount",
            mnt.toString(),
            "--",
            "true"),
        "backing directory");
    assertFalse(Files.exists(trace));
  }

  @Test
  void aTraceInsideTheBackingDirectoryIsRefused() {
    oneErrorLine(
        CommandRun.of(
            new RecordCommand(),
            "--trace",
            backing.resolve("t").toString(),
            "--backing",
            backing.toString(),
            "--mount",
            mnt.toString(),
            "--",
            "true"),
        "inside the backing directory");
  }

  @Test
  void aCommandThatCannotRunFailsWith2() {
    oneErrorLine(
        CommandRun.of(
            new RecordCommand(),
            "--trace",
            trace.toString(),
            "--backing",
            backing.toString(),
            "--mount",
            mnt.toString(),
            "--",
            "/no/such/program"),
        "cannot run '/no/such/program'");
  }

  @Test
  void allowOtherLetsAnotherUserUseTheMount() throws IOException {
    Files.setPosixFilePermissions(
        tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    String[] asNobody = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", "-c",
        "ls . > /dev/null || exit 7"};
    CommandRun refused = CommandRun.of(new RecordCommand(),
        concat(new String[] {"--trace", tmp.resolve("private.trace").toString(), "--"}, asNobody));
    assertEquals(7, refused.status(), "nobody cannot list the mount without --allow-other");
    CommandRun shared = CommandRun.of(new RecordCommand(),
        concat(new String[] {"--allow-other", "--trace", trace.toString(), "--"}, asNobody));
    assertEquals(0, shared.status(), shared.err());
  }

  @Test
  void allowOtherLetsAnotherUserRunBlackoutMark() throws IOException {
    Files.setPosixFilePermissions(
        tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    // The blackout script first on the command's PATH must be readable and executable by the
    // other user (running it needs the recorder's class path readable too, which the test's
    // class path under /root is not, so only the script itself is checked here).
    String[] asNobody = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", "-c",
        "f=\"${PATH%%:*}/blackout\"; [ -r \"$f\" ] && [ -x \"$f\" ] || exit 9"};
    CommandRun shared = CommandRun.of(new RecordCommand(),
        concat(new String[] {"--allow-other", "--trace", trace.toString(), "--"}, asNobody));
    assertEquals(0, shared.status(), "nobody cannot run blackout mark: " + shared.err());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
