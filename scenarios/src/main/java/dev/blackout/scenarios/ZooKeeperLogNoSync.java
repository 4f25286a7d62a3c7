package dev.blackout.scenarios;

import java.util.Map;

/** See {@link ZooKeeperLog}. */
public final class ZooKeeperLogNoSync extends ZooKeeperLog {

  public ZooKeeperLogNoSync() {
    super(IsolatedLibrary.ZOOKEEPER_3_9, false);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(SOURCE, "ok", "D", "D", "D")
        .finding("drop-unsynced", "A", SNAPSHOT_39)
        .finding("ext4-ordered", "A", HEADER_EXT4 + " " + SNAPSHOT_39)
        .finding("posix", "A", SNAPSHOT_39 + " " + POSIX)
        .build();
  }
}
