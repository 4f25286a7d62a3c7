package dev.blackout.fuse;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Guard for tests that mount: with {@code blackout.requireFuse=true} (the build's default) a
 * machine without FUSE fails the test; only a developer who sets it to false by hand gets a skip.
 * Other modules' FUSE tests use it through fault-fuse's test jar.
 */
public final class RequireFuse {
  private RequireFuse() {}

  public static void check() {
    check(
        FuseEnvironment.system(),
        Boolean.parseBoolean(System.getProperty("blackout.requireFuse", "true")));
  }

  static void check(FuseEnvironment env, boolean required) {
    try {
      env.check();
    } catch (FuseUnavailableException e) {
      if (required) {
        fail("FUSE is required (blackout.requireFuse=true) but unavailable: " + e.getMessage());
      }
      Assumptions.abort(
          "skipped because blackout.requireFuse=false and FUSE is unavailable: " + e.getMessage());
    }
  }
}
