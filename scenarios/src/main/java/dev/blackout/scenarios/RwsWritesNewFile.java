package dev.blackout.scenarios;

/** {@code new RandomAccessFile(f, "rws")} (O_SYNC) writes to a new file, ack, no directory fsync. */
public final class RwsWritesNewFile extends SyncModeNewFile {

  @Override
  String mode() {
    return "rws";
  }

  @Override
  public String title() {
    return "O_SYNC (RandomAccessFile \"rws\") writes to a new file, ack, no directory fsync";
  }
}
