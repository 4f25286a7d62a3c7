package dev.blackout.scenarios;

import java.util.Map;

/** SQLite, WAL, synchronous=OFF. */
public final class SqliteWalOff extends SqliteLedger {

  public SqliteWalOff() {
    super(true, "OFF");
  }

  @Override
  public Map<String, Expectation> expectations() {
    return row("ok", "D", "A", "A");
  }
}
