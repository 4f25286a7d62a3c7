package dev.blackout.scenarios;

import java.util.Map;

/** SQLite, rollback journal (DELETE), synchronous=OFF. */
public final class SqliteRollbackOff extends SqliteLedger {

  public SqliteRollbackOff() {
    super(false, "OFF");
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(DOCS, "ok", "A", "A", "A")
        .finding("drop-unsynced", "D", "SQLite's docs say OFF 'might' corrupt on power loss, and"
            + " under ext4-ordered and posix Blackout finds corrupt indexes. drop-unsynced drops"
            + " every unsynced write at once and nothing was ever synced, so the database file"
            + " keeps its initial pages: consistent, only the acknowledged transactions are lost.")
        .build();
  }
}
