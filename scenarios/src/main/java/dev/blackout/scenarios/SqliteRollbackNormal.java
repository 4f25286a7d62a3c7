package dev.blackout.scenarios;

import java.util.Map;

/** SQLite, rollback journal (DELETE), synchronous=NORMAL. */
public final class SqliteRollbackNormal extends SqliteLedger {

  @Override
  boolean wal() {
    return false;
  }

  @Override
  String synchronous() {
    return "NORMAL";
  }

  @Override
  public Map<String, Expectation> expectations() {
    return row("ok", "ok", "D", "A");
  }
}
