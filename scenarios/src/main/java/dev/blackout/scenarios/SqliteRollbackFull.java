package dev.blackout.scenarios;

import java.util.Map;

/** SQLite, rollback journal (DELETE), synchronous=FULL. */
public final class SqliteRollbackFull extends SqliteLedger {

  public SqliteRollbackFull() {
    super(false, "FULL");
  }

  @Override
  public Map<String, Expectation> expectations() {
    return row("ok", "ok", "D", "D");
  }
}
