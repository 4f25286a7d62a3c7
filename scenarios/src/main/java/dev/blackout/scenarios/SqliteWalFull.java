package dev.blackout.scenarios;

import java.util.Map;

/** SQLite, WAL, synchronous=FULL. */
public final class SqliteWalFull extends SqliteLedger {

  public SqliteWalFull() {
    super(true, "FULL");
  }

  @Override
  public Map<String, Expectation> expectations() {
    return row("ok", "ok", "ok", "ok");
  }
}
