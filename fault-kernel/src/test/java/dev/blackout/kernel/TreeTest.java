package dev.blackout.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeTest {
  @TempDir Path tmp;

  @Test
  void readsFilesLinksAndDirectoriesButNotLostAndFound() throws Exception {
    Files.createDirectories(tmp.resolve("lost+found"));
    Files.createDirectories(tmp.resolve("d"));
    Files.writeString(tmp.resolve("d/f"), "hi\n");
    Files.write(tmp.resolve("z"), new byte[4]);
    Files.createSymbolicLink(tmp.resolve("l"), Path.of("d/f"));
    Tree t = Tree.of(tmp);
    assertEquals(List.of("d", "d/f", "l", "z"), List.copyOf(t.files.keySet()));
    assertEquals("d: directory; d/f: 3 bytes 'hi\\n'; l: symlink -> d/f; z: 4 bytes (all zero bytes)", t.describe());
  }

  @Test
  void comparesByContentAndNamesTheDifferences() throws Exception {
    Files.writeString(tmp.resolve("db"), "1\n");
    Tree one = Tree.of(tmp);
    Files.write(tmp.resolve("db"), new byte[2]);
    Tree zeros = Tree.of(tmp);
    assertNotEquals(one, zeros);
    assertEquals(2, one.distance(zeros), "two bytes differ");
    assertEquals(List.of("db: 2 bytes '1\\n' vs 2 bytes (all zero bytes) (bytes [0, 2) differ first: '1\\n' vs"
        + " (all zero bytes))"), one.diff(zeros));
    Files.writeString(tmp.resolve("db"), "1\n");
    assertEquals(one, Tree.of(tmp));
  }

  @Test
  void previewsBytesReadably() {
    assertEquals("(empty)", Tree.preview(new byte[0]));
    assertEquals("'a\\0\\x7f\\x27'", Tree.preview(new byte[] {'a', 0, 0x7f, '\''}));
    assertEquals(32, Tree.preview("x".repeat(40).getBytes(StandardCharsets.UTF_8)).length() - 5);
  }
}
