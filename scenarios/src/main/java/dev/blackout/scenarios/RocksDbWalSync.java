package dev.blackout.scenarios;

import java.util.Map;

/** See {@link RocksDbLedger}. */
public final class RocksDbWalSync extends RocksDbLedger {

  public RocksDbWalSync() {
    super(true, true, false);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(SOURCE, "ok", "ok", "ok", "ok")
        .finding("posix", "A", MANIFEST_POSIX)
        .build();
  }
}
