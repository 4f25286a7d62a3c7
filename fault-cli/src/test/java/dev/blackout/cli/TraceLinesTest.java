package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.OpMeta;
import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.TraceOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the human form of a trace")
class TraceLinesTest {

  @Test
  @DisplayName("the samples cover every op kind")
  void samplesCoverEveryKind() {
    Set<Class<?>> kinds = new java.util.HashSet<>();
    java.util.ArrayDeque<Class<?>> todo = new java.util.ArrayDeque<>(List.of(TraceOp.class));
    while (!todo.isEmpty()) {
      Class<?> c = todo.pop();
      if (c.isInterface()) {
        todo.addAll(List.of(c.getPermittedSubclasses())); // through TraceOp.Creation
      } else {
        kinds.add(c);
      }
    }
    Set<Class<?>> sampled =
        SampleOps.everyKind().stream().map(Object::getClass).collect(Collectors.toSet());
    assertEquals(kinds, sampled);
  }

  @Test
  @DisplayName("every op kind gives one line starting with '#seq pid N kind'")
  void everyKindOneLine() {
    for (TraceOp op : SampleOps.everyKind()) {
      String line = TraceLines.op(op);
      assertFalse(line.contains("\n"), line);
      assertTrue(
          line.startsWith("#" + op.seq() + " pid 4711 " + TraceLines.kind(op) + " "), line);
    }
  }

  @Test
  @DisplayName("a write reads '#12 pid 4711 write ino 5 [0, 4096) 4096 B flags O_WRONLY|O_TRUNC'")
  void writeLine() {
    TraceOp write =
        new TraceOp.Write(
            new OpMeta(12, 11, 4711, 4711, 0, 0),
            5,
            3,
            0,
            Payload.filled(4096, (byte) 1),
            OpenFlags.O_WRONLY | OpenFlags.O_TRUNC);

    assertEquals(
        "#12 pid 4711 write ino 5 [0, 4096) 4096 B flags O_WRONLY|O_TRUNC", TraceLines.op(write));
  }

  @Test
  @DisplayName("a failed op is marked FAILED with the errno's name")
  void failedOp() {
    TraceOp unlink = new TraceOp.Unlink(OpMeta.of(3).withErrno(2), 1, "gone", 0);

    assertEquals("#3 pid 0 unlink 'gone' in ino 1 (ino 0) FAILED ENOENT", TraceLines.op(unlink));
  }

  @Test
  @DisplayName("a rename over a file names what it replaced")
  void renameLine() {
    TraceOp rename = new TraceOp.Rename(OpMeta.of(7), 1, "db.tmp", 1, "db", 5, 4, 0);

    assertEquals(
        "#7 pid 0 rename 'db.tmp' in ino 1 -> 'db' in ino 1 (ino 5, replaces ino 4)",
        TraceLines.op(rename));
  }

  @Test
  @DisplayName("rename flags are named, and an exchange says what it swapped with")
  void renameExchange() {
    TraceOp rename =
        new TraceOp.Rename(
            OpMeta.of(2), 1, "a", 1, "b", 5, 6, TraceOp.Rename.RENAME_EXCHANGE);

    assertEquals(
        "#2 pid 0 rename 'a' in ino 1 -> 'b' in ino 1 (ino 5, exchanged with ino 6)"
            + " flags RENAME_EXCHANGE",
        TraceLines.op(rename));
  }

  @Test
  @DisplayName("a barrier that overlapped other ops says when it began")
  void overlappingBarrier() {
    TraceOp fsync = new TraceOp.Fsync(new OpMeta(9, 6, 10, 11, 0, 0), 5, 2);

    assertEquals("#9 pid 10 tid 11 (began after #6) fsync ino 5 handle 2", TraceLines.op(fsync));
  }

  @Test
  @DisplayName("hostile names cannot break the one-line layout")
  void hostileNamesAreEscaped() {
    String hostile = "a\nb\r\u0000'\\\u2028\ud800";
    TraceOp create = new TraceOp.Create(OpMeta.of(1), 1, hostile, 2, 0644, 0, 0);

    String line = TraceLines.op(create);

    assertTrue(line.contains("'a\\nb\\r\\u0000\\'\\\\\\u2028\\ud800'"), line);
    assertTrue(line.chars().noneMatch(c -> Character.isISOControl(c)), line);
    assertEquals("'d\u00e9j\u00e0 \ud83d\ude00'", TraceLines.quote("d\u00e9j\u00e0 \ud83d\ude00"));
  }

  @Test
  @DisplayName("image entries: path, inode, type, mode, size, hard links and symlink targets")
  void imageLines() {
    InitialImage image =
        new InitialImage(
            List.of(
                new InitialImage.Entry(
                    "", 1, FileType.DIRECTORY, 0755, 0, 0, 0, Payload.empty(), null),
                new InitialImage.Entry(
                    "db", 2, FileType.REGULAR, 0644, 0, 0, 0, Payload.filled(12, (byte) 'x'), null),
                new InitialImage.Entry(
                    "db.link", 2, FileType.REGULAR, 0644, 0, 0, 0, Payload.empty(), null),
                new InitialImage.Entry(
                    "cur", 3, FileType.SYMLINK, 0777, 0, 0, 0, Payload.empty(), "db")));
    List<String> lines = new ArrayList<>();

    TraceLines.image(image, lines::add);

    assertEquals(
        Arrays.asList(
            "image '/' ino 1 dir 0755",
            "image '/db' ino 2 file 0644 12 B",
            "image '/db.link' ino 2 file 0644 (hard link)",
            "image '/cur' ino 3 symlink 0777 -> 'db'"),
        lines);
  }
}
