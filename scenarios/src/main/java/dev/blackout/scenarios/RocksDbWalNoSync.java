package dev.blackout.scenarios;

import java.util.Map;

/** See {@link RocksDbLedger}. */
public final class RocksDbWalNoSync extends RocksDbLedger {

  @Override
  boolean wal() {
    return true;
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
    return Expectations.row(SOURCE, "ok", "D", "D", "D")
        .finding("posix", "A", MANIFEST_POSIX)
        .build();
  }
}
