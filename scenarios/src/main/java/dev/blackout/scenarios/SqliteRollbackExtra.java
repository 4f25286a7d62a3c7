package dev.blackout.scenarios;

import java.util.Map;

/** SQLite, rollback journal (DELETE), synchronous=EXTRA. */
public final class SqliteRollbackExtra extends SqliteLedger {

  public SqliteRollbackExtra() {
    super(false, "EXTRA");
  }

  @Override
  public Map<String, Expectation> expectations() {
    return row("ok", "ok", "ok", "ok");
  }
}
