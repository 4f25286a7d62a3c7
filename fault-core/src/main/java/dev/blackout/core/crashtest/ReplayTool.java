package dev.blackout.core.crashtest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.Properties;

/**
 * The command line that rebuilds a crash state for a user who has only Maven and a JDK: the
 * executable jar artifact {@code dev.blackout:fault-cli}, found beside this library where it was
 * installed (local Maven repository, or this repository's build), else named by its coordinates.
 */
final class ReplayTool {
  static final String VERSION = version();

  private ReplayTool() {}

  /** {@code dev.blackout:fault-cli:VERSION}. */
  static String coordinates() {
    return "dev.blackout:fault-cli:" + VERSION;
  }

  /** {@code java -jar JAR}, the jar found locally or {@code target/fault-cli-VERSION.jar}. */
  static String javaJar() {
    return "java -jar " + installed().map(Path::toString)
        .orElse("target/fault-cli-" + VERSION + ".jar");
  }

  /** Whether {@link #javaJar} names a jar that exists. */
  static boolean found() {
    return installed().isPresent();
  }

  /** The Maven command that copies the jar to {@code target/}. */
  static String fetchCommand() {
    return "mvn dependency:copy -Dartifact=" + coordinates() + " -DoutputDirectory=target";
  }

  /**
   * The fault-cli jar beside this class's own location: {@code .../dev/blackout/fault-core/V/
   * fault-core-V.jar} in a Maven repository gives {@code .../dev/blackout/fault-cli/V/
   * fault-cli-V.jar}; {@code ROOT/fault-core/target/classes} (or its jar there) gives {@code
   * ROOT/fault-cli/target/blackout.jar}.
   */
  static Optional<Path> installed() {
    CodeSource src = ReplayTool.class.getProtectionDomain().getCodeSource();
    if (src == null || src.getLocation() == null) {
      return Optional.empty();
    }
    Path here;
    try {
      here = Path.of(src.getLocation().toURI()).toAbsolutePath();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
    return candidate(here).filter(Files::isRegularFile);
  }

  static Optional<Path> candidate(Path here) {
    Path name = here.getFileName();
    if (name == null) {
      return Optional.empty();
    }
    Path parent = here.getParent();
    if (name.toString().endsWith(".jar") && parent != null && parent.endsWith(Path.of("fault-core", "target"))) {
      // this repository's build: fault-core/target/fault-core-V.jar
      return Optional.of(parent.getParent().getParent()
          .resolve(Path.of("fault-cli", "target", "blackout.jar")));
    }
    if (name.toString().endsWith(".jar")) {
      Path versionDir = here.getParent();
      Path artifactDir = versionDir == null ? null : versionDir.getParent();
      Path groupDir = artifactDir == null ? null : artifactDir.getParent();
      if (groupDir == null) {
        return Optional.empty();
      }
      String v = versionDir.getFileName().toString();
      return Optional.of(groupDir.resolve("fault-cli").resolve(v).resolve("fault-cli-" + v + ".jar"));
    }
    if (here.endsWith(Path.of("fault-core", "target", "classes"))) {
      return Optional.of(here.getParent().getParent().getParent()
          .resolve(Path.of("fault-cli", "target", "blackout.jar")));
    }
    return Optional.empty();
  }

  private static String version() {
    Properties p = new Properties();
    try (InputStream in = ReplayTool.class.getResourceAsStream("blackout.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // no version: the coordinates say so
    }
    String v = p.getProperty("version", "");
    return v.isEmpty() || v.startsWith("$") ? "VERSION" : v;
  }
}
