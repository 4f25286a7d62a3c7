package dev.blackout.scenarios;

import java.util.Map;

/** SQLite, rollback journal (DELETE), synchronous=NORMAL. */
public final class SqliteRollbackNormal extends SqliteLedger {

  public SqliteRollbackNormal() {
    super(false, "NORMAL");
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(DOCS, "ok", "ok", "D", "A")
        .finding("ext4-ordered", "A", "SQLite's pragma page warns that NORMAL in DELETE mode can corrupt"
            + " the database 'on an older filesystem' if the hot journal's size persists before its"
            + " content. ext4 since Linux 5.6 (dioread_nolock, the default) does exactly that: the"
            + " journal's new size commits with its unwritten extents before the page images are"
            + " written (calibrated: docs/calibration.md); recovery then plays back zeros and"
            + " integrity_check fails. Before 5.6 (--dioread lock) it was D.")
        .build();
  }
}
