package dev.blackout.core.crashtest.spi;

/**
 * How a recording is made, beyond where.
 *
 * @param allowOther whether every user (and a container that bind-mounts the directory) may use
 *     the recorded directory, with file modes and owners checked as on a plain directory; off: only
 *     the user who records
 */
public record RecordingOptions(boolean allowOther) {

  /** A private recording: only this user can use the directory. */
  public static final RecordingOptions DEFAULTS = new RecordingOptions(false);
}
