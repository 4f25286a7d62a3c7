package dev.blackout.scenarios;

import java.util.Map;

/** See {@link RocksDbLedger}. */
public final class RocksDbNoWal extends RocksDbLedger {

  @Override
  boolean wal() {
    return false;
  }

  @Override
  boolean sync() {
    return false;
  }

  @Override
  boolean flushBeforeAck() {
    return false;
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(SOURCE, "D", "D", "D", "D")
        .finding("posix", "A", MANIFEST_POSIX)
        .build();
  }
}
