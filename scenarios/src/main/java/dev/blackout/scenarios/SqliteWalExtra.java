package dev.blackout.scenarios;

import java.util.Map;

/** SQLite, WAL, synchronous=EXTRA. */
public final class SqliteWalExtra extends SqliteLedger {

  public SqliteWalExtra() {
    super(true, "EXTRA");
  }

  @Override
  public Map<String, Expectation> expectations() {
    return row("ok", "ok", "ok", "ok");
  }
}
