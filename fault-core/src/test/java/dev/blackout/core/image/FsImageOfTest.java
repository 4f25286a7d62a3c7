package dev.blackout.core.image;

import static dev.blackout.core.trace.InitialImage.ROOT_INODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.InitialImage.Entry;
import dev.blackout.core.trace.Payload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FsImageOfTest {

  static Entry root() {
    return new Entry("", ROOT_INODE, FileType.DIRECTORY, 0755, 0, 0, 5L, Payload.empty(), null);
  }

  static Entry dir(String path, long inode) {
    return new Entry(path, inode, FileType.DIRECTORY, 0750, 0, 0, 0L, Payload.empty(), null);
  }

  static Entry file(String path, long inode, String content) {
    return new Entry(
        path, inode, FileType.REGULAR, 0640, 1, 2, 77L,
        Payload.of(content.getBytes(StandardCharsets.UTF_8)), null);
  }

  static Entry symlink(String path, long inode, String target) {
    return new Entry(path, inode, FileType.SYMLINK, 0777, 0, 0, 0L, Payload.empty(), target);
  }

  static InitialImage image(Entry... rest) {
    List<Entry> all = new ArrayList<>();
    all.add(root());
    all.addAll(List.of(rest));
    return new InitialImage(all);
  }

  @Test
  void buildsTheTreeWithHardLinksSymlinksAndFifos() {
    FsImage img =
        FsImage.of(
            image(
                dir("d", 2),
                file("d/a", 3, "alpha"),
                file("b", 3, ""),
                symlink("l", 4, "d/a"),
                new Entry("p", 5, FileType.FIFO, 0600, 0, 0, 0L, Payload.empty(), null)));
    assertEquals(Map.of("b", 3L, "d", 2L, "l", 4L, "p", 5L), img.list(ROOT_INODE));
    assertEquals(Map.of("a", 3L), img.list(2));
    assertEquals(2, img.linkCount(3));
    assertEquals("alpha", new String(img.read(3), StandardCharsets.UTF_8));
    assertEquals(0640, img.mode(3));
    assertEquals(1, img.uid(3));
    assertEquals(77L, img.mtimeNanos(3));
    assertEquals("d/a", img.linkTarget(4));
    assertEquals(FileType.FIFO, img.type(5));
    assertEquals(0755, img.mode(ROOT_INODE));
    assertEquals(5L, img.mtimeNanos(ROOT_INODE));
  }

  @Test
  void theEmptyRootImage() {
    FsImage img = FsImage.of(InitialImage.emptyRoot());
    assertTrue(img.list(ROOT_INODE).isEmpty());
    assertEquals(FileType.DIRECTORY, img.type(ROOT_INODE));
  }

  @Test
  void aSymlinkIsNeverUsedAsAPath() {
    ImageException e =
        assertThrows(
            ImageException.class,
            () -> FsImage.of(image(symlink("evil", 2, "/tmp/somewhere"), file("evil/x", 3, "x"))));
    assertTrue(e.getMessage().contains("'evil/x'"), e.getMessage());
    assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../x", "a/../b", "./a", "a//b", "/abs", "a/", "a\0b", "."})
  void hostilePathsAreRefused(String path) {
    ImageException e =
        assertThrows(ImageException.class, () -> FsImage.of(image(dir("a", 2), file(path, 3, "x"))));
    assertTrue(e.getMessage().startsWith("initial image entry 2 "), e.getMessage());
    assertTrue(!e.getMessage().contains("\0"));
  }

  @Test
  void structuralMistakesAreRefused() {
    assertThrows(ImageException.class, () -> FsImage.of(new InitialImage(List.of())));
    assertThrows(
        ImageException.class,
        () -> FsImage.of(new InitialImage(List.of(dir("a", 2)))), "root must come first");
    assertThrows(ImageException.class, () -> FsImage.of(image(file("d/a", 3, "x"))), "parent first");
    assertThrows(ImageException.class, () -> FsImage.of(image(file("a", 3, "x"), file("a", 4, "y"))));
    assertThrows(ImageException.class, () -> FsImage.of(image(root())), "a second root");
    assertThrows(ImageException.class, () -> FsImage.of(image(dir("a", 2), dir("b", 2))), "dir links");
    assertThrows(ImageException.class, () -> FsImage.of(image(file("a", 2, "x"), symlink("b", 2, "t"))));
    assertThrows(ImageException.class, () -> FsImage.of(image(file("a", 1, "x"))), "root id reused");
    assertThrows(ImageException.class, () -> FsImage.of(image(symlink("a", 2, "a\0b"))));
  }
}
