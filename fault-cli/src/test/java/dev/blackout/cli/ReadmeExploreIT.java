package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.fuse.RequireFuse;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the README's "any program" example true: the scripts it quotes are recorded through FUSE
 * and explored, and what {@code explore} prints is the block the README quotes (the temporary
 * directory of the kept states aside).
 */
@DisplayName("README record + explore example")
class ReadmeExploreIT {
  private static final String KEPT = "failing states kept in ";

  @TempDir Path tmp;

  @Test
  @DisplayName("recording work.sh and exploring it with check.sh prints what README.md quotes")
  void exploreOutputMatches() throws IOException {
    RequireFuse.check();
    List<String> readme = Files.readAllLines(readme());
    Path work = script(tmp.resolve("work.sh"), quoted(readme, "$ cat work.sh"));
    Path check = script(tmp.resolve("check.sh"), quoted(readme, "$ cat check.sh"));
    assertTrue(readme.contains("$ mkdir backing && printf 'old' > backing/db"), "setup line");
    Path backing = Files.createDirectory(tmp.resolve("backing"));
    Files.writeString(backing.resolve("db"), "old");
    Path trace = tmp.resolve("t.trace");

    CommandRun rec =
        CommandRun.of(
            new RecordCommand(),
            "--trace", trace.toString(), "--backing", backing.toString(), "--", work.toString());
    assertEquals(0, rec.status(), rec.err());
    CliRun explore =
        CliRun.of(
            "explore", "--trace", trace.toString(), "--check", check.toString(),
            "--model", "ext4-ordered", "--seed", "1");

    assertEquals(1, explore.exitCode(), explore.toString());
    List<String> printed = new ArrayList<>();
    for (String line : explore.outLines()) {
      if (line.startsWith(KEPT)) {
        FileUtils.deleteDirectory(new File(line.substring(KEPT.length(), line.lastIndexOf(':'))));
      }
      printed.add(normalize(line.replace(trace.toString(), "t.trace")));
    }
    List<String> expected =
        quoted(readme, "$ ./blackout explore --trace t.trace --check ./check.sh"
            + " --model ext4-ordered --seed 1").stream().map(ReadmeExploreIT::normalize).toList();
    assertEquals(expected, printed);
  }

  /** The repository's README.md, found upwards from the working directory (failsafe's is target/). */
  private static Path readme() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("README.md")) && Files.isDirectory(d.resolve("fault-cli"))) {
        return d.resolve("README.md");
      }
    }
    throw new AssertionError("no README.md above " + Path.of("").toAbsolutePath());
  }

  /** The lines after the README line {@code command}, up to the next prompt or the block's end. */
  private static List<String> quoted(List<String> readme, String command) {
    int at = readme.indexOf(command);
    assertTrue(at >= 0, "README.md no longer quotes: " + command);
    List<String> lines = new ArrayList<>();
    for (String l : readme.subList(at + 1, readme.size())) {
      if (l.startsWith("$ ") || l.equals("```")) {
        break;
      }
      lines.add(l);
    }
    return lines;
  }

  private static Path script(Path file, List<String> lines) throws IOException {
    List<String> text = new ArrayList<>(lines);
    if (!text.get(0).startsWith("#!")) {
      text.add(0, "#!/bin/sh");
    }
    Files.write(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private static String normalize(String line) {
    return line.startsWith(KEPT) ? KEPT + "DIR" + line.substring(line.lastIndexOf(':')) : line;
  }
}
