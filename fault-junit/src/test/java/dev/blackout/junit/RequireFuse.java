package dev.blackout.junit;

import static org.junit.jupiter.api.Assertions.fail;

import dev.blackout.fuse.FuseRecorderProvider;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** The build's rule for FUSE tests: fail when FUSE is missing, skip only with requireFuse=false. */
final class RequireFuse {
  private RequireFuse() {}

  static void check() {
    Optional<String> reason = new FuseRecorderProvider().unavailableReason();
    if (reason.isEmpty()) {
      return;
    }
    if (Boolean.parseBoolean(System.getProperty("blackout.requireFuse", "true"))) {
      fail("FUSE is required (blackout.requireFuse=true) but unavailable: " + reason.get());
    }
    Assumptions.abort("skipped because blackout.requireFuse=false and FUSE is unavailable: "
        + reason.get());
  }
}
