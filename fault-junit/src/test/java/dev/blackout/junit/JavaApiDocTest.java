package dev.blackout.junit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/java-api.md quotes the example files the build runs, verbatim. */
class JavaApiDocTest {

  @ParameterizedTest
  @ValueSource(strings = {"src/test/java/dev/blackout/junit/example/ValueStore.java",
      "src/test/java/dev/blackout/junit/example/AtomicReplaceStoreIT.java",
      "src/test/java/dev/blackout/junit/example/property/Stores.java",
      "../examples/java-crash-tests/src/test/java/example/RocksDbTest.java"})
  void theDocQuotesTheExampleTheBuildRuns(String file) throws IOException {
    Path doc = Path.of("..", "docs", "java-api.md");
    assertTrue(Files.exists(doc), "run from the fault-junit module: " + doc.toAbsolutePath());
    String source = Files.readString(Path.of(file));
    assertTrue(Files.readString(doc).contains("```java\n" + source + "```"),
        file + " changed: paste it again into docs/java-api.md");
  }

  @org.junit.jupiter.api.Test
  void theReadmeSnippetIsTheMethodTheBuildRuns() throws IOException {
    String source = Files.readString(Path.of("src", "test", "java", "dev", "blackout", "junit",
        "example", "ReadmeExampleIT.java"));
    int start = source.indexOf("  @CrashTest");
    int end = source.indexOf("\n  }\n", start) + "\n  }\n".length();
    StringBuilder method = new StringBuilder();
    source.substring(start, end).lines().forEach(l -> method.append(l.substring(2)).append('\n'));
    String readme = Files.readString(Path.of("..", "README.md"));
    assertTrue(readme.contains("```java\n" + method + "```"),
        "ReadmeExampleIT changed: paste its method into README.md's Java API section:\n" + method);
  }
}
