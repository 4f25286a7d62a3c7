package dev.blackout.scenarios;

import java.util.Map;

/** See {@link ZooKeeperLog}. */
public final class ZooKeeperLogSync extends ZooKeeperLog {

  public ZooKeeperLogSync() {
    super(IsolatedLibrary.ZOOKEEPER_3_9, true);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(SOURCE, "ok", "ok", "ok", "ok")
        .finding("drop-unsynced", "A", SNAPSHOT_39)
        .finding("ext4-ordered", "A", HEADER_EXT4 + " " + SNAPSHOT_39)
        .finding("posix", "A", SNAPSHOT_39 + " " + POSIX)
        .build();
  }
}
