package dev.blackout.scenarios;

import java.util.Map;

/** See {@link ZooKeeperLog}. */
public final class ZooKeeper34LogSync extends ZooKeeperLog {

  public ZooKeeper34LogSync() {
    super(IsolatedLibrary.ZOOKEEPER_3_4, true);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(SOURCE, "ok", "ok", "ok", "ok")
        .finding("prefix", "A", EMPTY_LOG_34)
        .finding("drop-unsynced", "A", EMPTY_LOG_34)
        .finding("ext4-ordered", "A", EMPTY_LOG_34 + " " + HEADER_EXT4)
        .finding("posix", "A", EMPTY_LOG_34 + " " + POSIX)
        .build();
  }
}
