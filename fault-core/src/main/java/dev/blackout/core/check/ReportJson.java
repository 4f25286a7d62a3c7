package dev.blackout.core.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes and reads {@code report.json}: pretty-printed, fields in a fixed order, map keys sorted,
 * so that two runs with the same inputs give byte-identical reports (up to the duration). Writing
 * is atomic: a crash while writing leaves the previous report or the new one, never a torn one.
 */
public final class ReportJson {

  /** The name of the report file inside a report directory. */
  public static final String FILE_NAME = "report.json";

  /** The format this build writes; reading accepts this one and older ones. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private ReportJson() {}

  public static String toJson(RunReport report) {
    try {
      return MAPPER.writeValueAsString(report) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a RunReport always serializes", e);
    }
  }

  /**
   * Parses a report.
   *
   * @throws IOException with a one-line message when the text is not a report this build reads
   */
  public static RunReport fromJson(String json) throws IOException {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IOException(
          "not a Blackout report: " + firstLine(e.getOriginalMessage()) + locationOf(e), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new IOException("not a Blackout report: expected a JSON object");
    }
    JsonNode version = tree.get("formatVersion");
    if (version == null || !version.isInt()) {
      throw new IOException("not a Blackout report: no integer field 'formatVersion'");
    }
    if (version.intValue() < 1 || version.intValue() > FORMAT_VERSION) {
      throw new IOException(
          "report format "
              + version.intValue()
              + " is not supported (this build reads 1.."
              + FORMAT_VERSION
              + "): use the Blackout version that wrote it");
    }
    try {
      return MAPPER.treeToValue(tree, RunReport.class);
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof IllegalArgumentException invalid) {
        throw new IOException("not a valid Blackout report: " + invalid.getMessage(), e);
      }
      throw new IOException("not a valid Blackout report: " + firstLine(e.getOriginalMessage()), e);
    } catch (IllegalArgumentException e) {
      throw new IOException("not a valid Blackout report: " + firstLine(e.getMessage()), e);
    }
  }

  /**
   * Writes {@code report} as {@code dir/report.json}, creating {@code dir} if needed, through a
   * temporary file that is synced and renamed into place.
   *
   * @return the file written
   */
  public static Path write(RunReport report, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path target = dir.resolve(FILE_NAME);
    Path temporary = dir.resolve(FILE_NAME + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(toJson(report).getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
    try {
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the report itself is complete.
    }
    return target;
  }

  /**
   * Reads a report from a report directory or from the report file itself.
   *
   * @throws IOException with a one-line message naming the file and what is wrong
   */
  public static RunReport read(Path dirOrFile) throws IOException {
    Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE_NAME) : dirOrFile;
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IOException(
          "report " + file + " does not exist: give a --report directory of an earlier run", e);
    }
    try {
      return fromJson(json);
    } catch (IOException e) {
      throw new IOException("report " + file + ": " + e.getMessage(), e);
    }
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
