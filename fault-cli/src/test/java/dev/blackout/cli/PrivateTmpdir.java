package dev.blackout.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points {@code java.io.tmpdir} at a fresh directory for each test and removes it afterwards, so
 * that what a command keeps in the temporary directory by default (explore's failing states,
 * {@code /tmp/blackout-explore-*}) does not outlive the test run.
 */
final class PrivateTmpdir implements BeforeEachCallback, AfterEachCallback {
  private static final String KEY = "java.io.tmpdir";
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(PrivateTmpdir.class);

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    String old = System.getProperty(KEY);
    Path dir = Files.createTempDirectory(Path.of(old), "blackout-test-tmp-");
    context.getStore(NS).put("old", old);
    context.getStore(NS).put("dir", dir);
    System.setProperty(KEY, dir.toString());
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    System.setProperty(KEY, context.getStore(NS).get("old", String.class));
    PathUtils.deleteDirectory(context.getStore(NS).get("dir", Path.class));
  }
}
