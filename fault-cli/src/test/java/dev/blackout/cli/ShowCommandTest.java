package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("blackout show --trace FILE")
class ShowCommandTest {

  @TempDir Path dir;
  TraceFileFixture trace;

  @BeforeEach
  void writeTrace() throws IOException {
    trace = TraceFileFixture.write(dir.resolve("every-kind.trace"));
  }

  @Nested
  @DisplayName("on a whole trace")
  class WholeTrace {

    @Test
    @DisplayName("prints one line per record: image entries, then every op")
    void oneLinePerRecord() {
      CliRun run = CliRun.of("show", "--trace", trace.file().toString());

      assertEquals(0, run.exitCode(), run::toString);
      assertEquals("", run.stderr(), run::toString);
      assertEquals(trace.expectedLines(trace.ops().size()), run.outLines());
      assertEquals(trace.recordCount(), run.outLines().size());
    }

    @Test
    @DisplayName("--json prints one JSON object with a 'kind' per record")
    void jsonLines() throws IOException {
      CliRun run = CliRun.of("show", "--trace", trace.file().toString(), "--json");

      assertEquals(0, run.exitCode(), run::toString);
      List<String> kinds = new ArrayList<>();
      ObjectMapper mapper = new ObjectMapper();
      for (String line : run.outLines()) {
        JsonNode node = mapper.readTree(line);
        assertTrue(node.isObject() && node.hasNonNull("kind"), line);
        kinds.add(node.get("kind").asText());
      }
      List<String> expected = new ArrayList<>(List.of("image", "image", "image"));
      trace.ops().forEach(op -> expected.add(TraceLines.kind(op)));
      assertEquals(expected, kinds);
    }
  }

  @Nested
  @DisplayName("on a truncated trace (a killed recorder)")
  class Truncated {

    @ParameterizedTest(name = "cut {0} bytes into the last record")
    @ValueSource(ints = {1, 7, 12, 20})
    @DisplayName("prints every whole record, then one error line naming offset and bytes, exit 2")
    void tornTail(int cut) throws IOException {
      long lastStart = trace.opOffsets().get(trace.ops().size() - 1);
      long size = Files.size(trace.file());
      assertTrue(lastStart + cut < size, "the last record is shorter than " + cut + " bytes");
      truncate(trace.file(), lastStart + cut);

      CliRun run = CliRun.of("show", "--trace", trace.file().toString());

      assertEquals(trace.expectedLines(trace.ops().size() - 1), run.outLines(), run::toString);
      String line = ErrorReportingTest.oneErrorLine(run);
      assertTrue(line.contains(trace.file().toString()), line);
      assertTrue(line.contains("truncated"), line);
      assertTrue(line.contains(cut + " bytes at offset " + lastStart), line);
    }

    @Test
    @DisplayName("--json also prints the whole records before failing")
    void tornTailJson() throws IOException {
      long lastStart = trace.opOffsets().get(trace.ops().size() - 1);
      truncate(trace.file(), lastStart + 3);

      CliRun run = CliRun.of("show", "--json", "--trace", trace.file().toString());

      assertEquals(trace.recordCount() - 1, run.outLines().size(), run::toString);
      ErrorReportingTest.oneErrorLine(run);
    }
  }

  @Test
  @DisplayName("a flipped byte in a middle record is reported with that record's offset, exit 2")
  void corruptRecord() throws IOException {
    int middle = trace.ops().size() / 2;
    long start = trace.opOffsets().get(middle);
    long end = trace.opOffsets().get(middle + 1);
    flipByte(trace.file(), (start + end) / 2);

    CliRun run = CliRun.of("show", "--trace", trace.file().toString());

    String line = ErrorReportingTest.oneErrorLine(run);
    assertTrue(line.contains(trace.file().toString()), line);
    assertTrue(line.contains("offset " + start), line);
  }

  @ParameterizedTest(name = "content #{index}")
  @ValueSource(strings = {"hello, this is a text file\n", "", "PK\u0003\u0004 a zip"})
  @DisplayName("a file that is not a trace says so, exit 2")
  void notATrace(String content) throws IOException {
    Path file = Files.writeString(dir.resolve("garbage.bin"), content, StandardCharsets.ISO_8859_1);

    CliRun run = CliRun.of("show", "--trace", file.toString());

    String line = ErrorReportingTest.oneErrorLine(run);
    assertTrue(line.contains("not a Blackout trace"), line);
    assertTrue(line.contains(file.toString()), line);
    assertEquals("", run.stdout());
  }

  static void truncate(Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
  }

  static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      int b = raf.read();
      raf.seek(offset);
      raf.write(b ^ 0x40);
    }
  }
}
