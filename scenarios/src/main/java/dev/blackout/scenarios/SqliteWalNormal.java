package dev.blackout.scenarios;

import java.util.Map;

/** SQLite, WAL, synchronous=NORMAL. */
public final class SqliteWalNormal extends SqliteLedger {

  public SqliteWalNormal() {
    super(true, "NORMAL");
  }

  @Override
  public Map<String, Expectation> expectations() {
    return row("ok", "D", "D", "D");
  }
}
