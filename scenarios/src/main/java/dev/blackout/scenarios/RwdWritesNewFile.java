package dev.blackout.scenarios;

/** {@code new RandomAccessFile(f, "rwd")} (O_DSYNC) writes to a new file, ack, no directory fsync. */
public final class RwdWritesNewFile extends SyncModeNewFile {

  @Override
  String mode() {
    return "rwd";
  }

  @Override
  public String title() {
    return "O_DSYNC (RandomAccessFile \"rwd\") writes to a new file, ack, no directory fsync";
  }
}
