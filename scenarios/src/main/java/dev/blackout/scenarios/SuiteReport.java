package dev.blackout.scenarios;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a suite run's report: {@code scenarios.json} for machines and {@code report.html} for
 * people (one self-contained file: no script, no network), side by side.
 */
public final class SuiteReport {
  public static final String JSON = "scenarios.json";
  public static final String HTML = "report.html";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private SuiteReport() {}

  /** Writes both files into {@code dir} (created); returns the HTML file. */
  public static Path write(SuiteResult result, Path dir) throws IOException {
    Files.createDirectories(dir);
    writeAtomically(dir.resolve(JSON), MAPPER.writeValueAsString(result) + "\n");
    Path html = dir.resolve(HTML);
    writeAtomically(html, HtmlReport.render(result));
    return html;
  }

  static SuiteResult readJson(Path file) throws IOException {
    return MAPPER.readValue(file.toFile(), SuiteResult.class);
  }

  private static void writeAtomically(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
