package dev.blackout.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A library version kept off the catalog's class path, so that an old and a current release of
 * one library can run side by side (ALICE measured HSQLDB 2.3 and ZooKeeper 3.4). The build copies
 * its jars under {@code libs/DIR/} as resources (scenarios/pom.xml); {@link #newLoader} loads them
 * in a class loader of their own whose parent is the platform loader, so nothing of the catalog's
 * own class path (HSQLDB 2.7, ...) leaks in. Scenarios reach the library by reflection or through
 * JDK interfaces ({@link java.sql.Driver}).
 */
enum IsolatedLibrary {
  HSQLDB_2_3("hsqldb-2.3.2", "hsqldb"),
  ZOOKEEPER_3_4("zookeeper-3.4.6", "zookeeper", "slf4j-api", "slf4j-nop"),
  ZOOKEEPER_3_9("zookeeper-3.9.4", "zookeeper", "zookeeper-jute", "metrics-core", "snappy-java", "slf4j-api", "slf4j-nop");

  private final String dir;
  private final List<String> jars;
  private volatile ClassLoader shared;

  IsolatedLibrary(String dir, String... jars) {
    this.dir = dir;
    this.jars = List.of(jars);
  }

  /** The release, as Maven Central names it (e.g. {@code 3.4.6}). */
  String version() {
    return dir.substring(dir.indexOf('-') + 1);
  }

  /** One loader for the whole JVM (checkers: the library's static state is kept between states). */
  ClassLoader sharedLoader() {
    ClassLoader l = shared;
    if (l == null) {
      synchronized (this) {
        if (shared == null) {
          shared = newLoader();
        }
        l = shared;
      }
    }
    return l;
  }

  /** A fresh loader: the library's static state (system properties read once) starts anew. */
  ClassLoader newLoader() {
    List<URL> urls = new ArrayList<>();
    for (String jar : jars) {
      urls.add(locate(jar + ".jar"));
    }
    return new URLClassLoader("blackout-" + dir, urls.toArray(URL[]::new),
        ClassLoader.getPlatformClassLoader());
  }

  private URL locate(String jar) {
    String resource = "/libs/" + dir + "/" + jar;
    URL url = IsolatedLibrary.class.getResource(resource);
    if (url == null) {
      throw new IllegalStateException("resource " + resource + " is missing: build the scenarios"
          + " module with Maven (its dependency plugin copies the jar)");
    }
    if ("file".equals(url.getProtocol())) {
      return url;
    }
    // Inside a jar (the shaded blackout.jar): a class loader needs the jar as a file.
    try (InputStream in = url.openStream()) {
      Path out = extracted().resolve(dir + "-" + jar);
      Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
      out.toFile().deleteOnExit();
      return out.toUri().toURL();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + resource, e);
    }
  }

  private static Path extractedDir;

  private static synchronized Path extracted() throws IOException {
    if (extractedDir == null) {
      extractedDir = Files.createTempDirectory("blackout-libs-");
      extractedDir.toFile().deleteOnExit();
    }
    return extractedDir;
  }
}
