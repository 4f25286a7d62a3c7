package dev.blackout.scenarios;

import java.util.Map;

/** See {@link RocksDbLedger}. */
public final class RocksDbWalNoSync extends RocksDbLedger {

  public RocksDbWalNoSync() {
    super(true, false, false);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(SOURCE, "ok", "D", "D", "D")
        .finding("posix", "A", MANIFEST_POSIX)
        .build();
  }
}
