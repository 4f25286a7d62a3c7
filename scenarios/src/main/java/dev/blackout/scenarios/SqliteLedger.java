package dev.blackout.scenarios;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * SQLite through sqlite-jdbc: the ledger with one journal mode ({@code DELETE} = rollback journal,
 * or {@code WAL}) and one {@code synchronous} level. Expectations from SQLite's pragma
 * documentation (synchronous), its atomic-commit page, and ALICE (OSDI'14) Table 3.
 */
abstract class SqliteLedger extends SqlLedger {
  static final String DB = "ledger.db";

  private final boolean wal;
  private final String synchronous;

  /** {@code wal}: journal_mode WAL (else DELETE); {@code synchronous}: the pragma's level. */
  SqliteLedger(boolean wal, String synchronous) {
    this.wal = wal;
    this.synchronous = synchronous;
  }

  final boolean wal() {
    return wal;
  }

  final String synchronous() {
    return synchronous;
  }

  @Override
  public String title() {
    return "SQLite " + (wal() ? "WAL" : "rollback journal (DELETE)") + ", synchronous="
        + synchronous() + ": " + TXNS + " acknowledged transactions";
  }

  @Override
  String url(Path dir) {
    return "jdbc:sqlite:" + dir.resolve(DB);
  }

  @Override
  void create(Statement st) throws SQLException {
    st.execute("PRAGMA journal_mode=" + (wal() ? "WAL" : "DELETE"));
  }

  @Override
  void configure(Statement st) throws SQLException {
    st.execute("PRAGMA synchronous=" + synchronous());
  }

  @Override
  String integrity(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
      String first = rs.next() ? rs.getString(1) : "no answer";
      return "ok".equals(first) ? null : first;
    }
  }

  static final String DOCS = "sqlite.org pragma.html#pragma_synchronous, atomiccommit.html,"
      + " wal.html; ALICE OSDI'14 Table 3";

  static Map<String, Expectation> row(String prefix, String drop, String ext4, String posix) {
    return Expectations.row(DOCS, prefix, drop, ext4, posix).build();
  }
}
