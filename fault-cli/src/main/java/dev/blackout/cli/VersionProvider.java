package dev.blackout.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, or "development build" when run from classes. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"blackout " + (version == null ? "(development build)" : version)};
  }
}
