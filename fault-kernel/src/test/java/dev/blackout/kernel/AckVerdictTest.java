package dev.blackout.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.blackout.core.check.AckedFilesChecker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AckVerdictTest {
  @TempDir Path tmp;

  private Tree tree(String content) throws Exception {
    Path d = Files.createTempDirectory(tmp, "s");
    if (content != null) {
      Files.write(d.resolve("db"), content.getBytes(StandardCharsets.ISO_8859_1));
    }
    return Tree.of(d);
  }

  @Test
  void okDurabilityOrAtomicity() throws Exception {
    List<String> marks = List.of(
        AckedFilesChecker.intentMarker("db", "1\n".getBytes(StandardCharsets.UTF_8)),
        AckedFilesChecker.fileMarker("db", "1\n".getBytes(StandardCharsets.UTF_8)),
        AckedFilesChecker.intentMarker("db", "2\n".getBytes(StandardCharsets.UTF_8)),
        AckedFilesChecker.fileMarker("db", "2\n".getBytes(StandardCharsets.UTF_8)));
    AckVerdict v = new AckVerdict(marks, tree("0\n"));
    assertEquals("ok", v.judge(tree("0\n"), 0));
    assertEquals("ok", v.judge(tree("2\n"), 3), "the announced version is accepted");
    assertEquals("D", v.judge(tree("1\n"), 4), "an older acknowledged version: durability");
    assertEquals("D", v.judge(tree("0\n"), 2), "the initial version: durability");
    assertEquals("A", v.judge(tree(null), 2), "db vanished: it was never absent");
    assertEquals("A", v.judge(tree("\0\0"), 2), "zeros: neither old nor new");
    assertEquals("A", v.judge(null, 0), "a state that does not recover");
  }

  @Test
  void worse() {
    assertEquals("A", AckVerdict.worse("D", "A"));
    assertEquals("D", AckVerdict.worse("D", "ok"));
    assertEquals("ok", AckVerdict.worse("ok", "ok"));
  }
}
