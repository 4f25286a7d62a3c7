package dev.blackout.scenarios;

import java.util.Map;

/** SQLite, rollback journal (DELETE), synchronous=FULL. */
public final class SqliteRollbackFull extends SqliteLedger {

  @Override
  boolean wal() {
    return false;
  }

  @Override
  String synchronous() {
    return "FULL";
  }

  @Override
  public Map<String, Expectation> expectations() {
    return row("ok", "ok", "D", "D");
  }
}
