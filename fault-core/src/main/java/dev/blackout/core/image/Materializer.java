package dev.blackout.core.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes an {@link FsImage} into a fresh private directory (mode 0700) safely: names are checked
 * again, symlinks are created as links and never followed, nothing is written outside the target.
 */
public final class Materializer {
  private Materializer() {}

  /**
   * Writes {@code image} into {@code target}, which must not exist yet (its parent must); returns
   * {@code target}.
   */
  public static Path materialize(FsImage image, Path target) throws IOException {
    throw new UnsupportedOperationException("not built yet");
  }
}
