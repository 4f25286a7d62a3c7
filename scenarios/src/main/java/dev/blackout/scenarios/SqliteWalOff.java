package dev.blackout.scenarios;

import java.util.Map;

/** SQLite, WAL, synchronous=OFF. */
public final class SqliteWalOff extends SqliteLedger {

  @Override
  boolean wal() {
    return true;
  }

  @Override
  String synchronous() {
    return "OFF";
  }

  @Override
  public Map<String, Expectation> expectations() {
    return row("ok", "D", "A", "A");
  }
}
