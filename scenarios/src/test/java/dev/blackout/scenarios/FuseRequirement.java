package dev.blackout.scenarios;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@code blackout.requireFuse} rule: a FUSE test fails when FUSE is missing, unless a
 * developer set the property to false by hand, in which case it is skipped and says so.
 */
final class FuseRequirement {
  private FuseRequirement() {}

  static void check() {
    boolean required = !"false".equals(System.getProperty("blackout.requireFuse", "true"));
    boolean present = Files.exists(Path.of("/dev/fuse"));
    if (!present && !required) {
      Assumptions.abort("FUSE is missing and blackout.requireFuse=false was set by hand:"
          + " skipping a FUSE test");
    }
  }
}
