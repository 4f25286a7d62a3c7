package dev.blackout.fuse;

import dev.blackout.core.image.FsImage;
import dev.blackout.core.image.Materializer;
import dev.blackout.core.testing.TreeSnapshot;
import dev.blackout.core.trace.Trace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Test helpers: a comparable description of a directory tree, and replaying a trace to a tree. */
final class Trees {
  private Trees() {}

  /**
   * One line per path: type, permissions, size, content digest, link target, hard-link group (the
   * core test-jar's {@link TreeSnapshot}, so mount, plain directory and replay compare alike).
   */
  static TreeMap<String, String> snapshot(Path root) throws IOException {
    return TreeSnapshot.of(root);
  }

  static String digest(Path p) throws IOException {
    return TreeSnapshot.digest(p);
  }

  /**
   * Applies every op of {@code trace} to its initial image and writes the result to {@code out}.
   */
  static Path replay(Trace trace, Path out) throws IOException {
    FsImage image = FsImage.of(trace.image());
    image.applyAll(trace.ops());
    return Materializer.materialize(image, out);
  }
}
