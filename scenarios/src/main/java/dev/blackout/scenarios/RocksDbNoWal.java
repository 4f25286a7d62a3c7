package dev.blackout.scenarios;

import java.util.Map;

/** See {@link RocksDbLedger}. */
public final class RocksDbNoWal extends RocksDbLedger {

  public RocksDbNoWal() {
    super(false, false, false);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(SOURCE, "D", "D", "D", "D")
        .finding("posix", "A", MANIFEST_POSIX)
        .build();
  }
}
