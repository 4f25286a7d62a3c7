package dev.blackout.scenarios;

import java.util.Map;

/** See {@link ZooKeeperLog}. */
public final class ZooKeeper34LogNoSync extends ZooKeeperLog {

  public ZooKeeper34LogNoSync() {
    super(IsolatedLibrary.ZOOKEEPER_3_4, false);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(SOURCE, "ok", "D", "D", "D")
        .finding("prefix", "A", EMPTY_LOG_34)
        .finding("drop-unsynced", "A", EMPTY_LOG_34)
        .finding("ext4-ordered", "A", EMPTY_LOG_34 + " " + HEADER_EXT4)
        .finding("posix", "A", EMPTY_LOG_34 + " " + POSIX)
        .build();
  }
}
