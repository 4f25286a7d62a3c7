package dev.blackout.scenarios;

import java.util.Map;

/** See {@link RocksDbLedger}. */
public final class RocksDbWalSync extends RocksDbLedger {

  @Override
  boolean wal() {
    return true;
  }

  @Override
  boolean sync() {
    return true;
  }

  @Override
  boolean flushBeforeAck() {
    return false;
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(SOURCE, "ok", "ok", "ok", "ok")
        .finding("posix", "A", MANIFEST_POSIX)
        .build();
  }
}
