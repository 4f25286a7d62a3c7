package dev.blackout.scenarios;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * Apache Derby 10.16 embedded, default (durable) settings: the transaction log is synced at every
 * commit and the database recovers from it at boot.
 */
public final class DerbyLedger extends SqlLedger {
  /** Where Derby's log goes: nowhere (it would write derby.log into the recorded directory). */
  public static final java.io.OutputStream NO_LOG = java.io.OutputStream.nullOutputStream();

  static {
    System.setProperty("derby.stream.error.field", DerbyLedger.class.getName() + ".NO_LOG");
  }

  @Override
  public String title() {
    return "Apache Derby 10.16 embedded, default durability: " + TXNS
        + " acknowledged transactions";
  }

  @Override
  String url(Path dir) {
    return "jdbc:derby:" + dir.resolve("ledger") + ";create=true";
  }

  @Override
  public String check(Path state, java.util.List<String> acked) throws Exception {
    // The workload was killed, not shut down: its lock files are stale, as after a real reboot.
    java.nio.file.Files.deleteIfExists(state.resolve("ledger").resolve("db.lck"));
    java.nio.file.Files.deleteIfExists(state.resolve("ledger").resolve("dbex.lck"));
    return super.check(state, acked);
  }

  @Override
  void shutdown(Connection c, Path dir) throws SQLException {
    c.close();
    try {
      DriverManager.getConnection("jdbc:derby:" + dir.resolve("ledger") + ";shutdown=true");
    } catch (SQLException e) {
      if (!"08006".equals(e.getSQLState())) { // 08006: the database was shut down, as asked
        throw e;
      }
    }
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row("db.apache.org/derby docs (durability, log and recovery)",
            "ok", "ok", "ok", "ok")
        .finding("posix", "A", "Under posix (writes torn at 512-byte sectors, no order without"
            + " fsync) Derby fails to boot some states: a container page write torn while a later"
            + " write to the same new container persisted. Derby's pages are 4 KiB and it does not"
            + " log-protect every page write; ext4 (page-granular tearing) shows no such state.")
        .build();
  }
}
