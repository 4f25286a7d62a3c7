package dev.blackout.junit.example.property;

import static dev.blackout.junit.example.property.StorePropertiesIT.LOG_ACK_BEFORE_FSYNC;

import dev.blackout.junit.CrashRunner;
import dev.blackout.junit.CrashTest;
import java.io.IOException;

/**
 * The shrunk failure of {@link StorePropertiesIT#acknowledgingACommitBeforeItsFsyncLosesIt}
 * pasted as printed into a regular crash test; {@link StorePropertiesIT} checks that it is what
 * the property prints and that it fails the same way. Not run by the build directly.
 */
class PastedShrunkFailureExample {

  @CrashTest(models = "ext4-ordered", seed = 1)
  void shrunkFailure(CrashRunner crash) throws IOException {
    crash.verify(LOG_ACK_BEFORE_FSYNC.scenario(
        LOG_ACK_BEFORE_FSYNC.call("put", "k0", "a"),
        LOG_ACK_BEFORE_FSYNC.call("commit")));
  }
}
