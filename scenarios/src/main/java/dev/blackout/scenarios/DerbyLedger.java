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
    // Derby cannot open a database whose path holds ':' (state ids of torn states do): reach
    // the state through a link with a plain name.
    Path linkDir = java.nio.file.Files.createTempDirectory("blackout-derby-");
    Path link = java.nio.file.Files.createSymbolicLink(linkDir.resolve("state"),
        state.toAbsolutePath());
    try {
      synchronized (DerbyLedger.class) { // one engine per JVM: one crash state at a time
        return super.check(link, acked);
      }
    } finally {
      java.nio.file.Files.deleteIfExists(link);
      java.nio.file.Files.deleteIfExists(linkDir);
    }
  }

  @Override
  Connection connect(String url) throws SQLException {
    try {
      return DriverManager.getConnection(url);
    } catch (SQLException e) {
      if (!String.valueOf(e.getMessage()).startsWith("No suitable driver")) {
        throw e;
      }
      // A system-severity error in an earlier state shut Derby's engine down (and with it the
      // driver): boot it again, as Derby's developer guide says, and retry once.
      new org.apache.derby.jdbc.EmbeddedDriver();
      return DriverManager.getConnection(url);
    }
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
        .finding("posix", "A", "Under posix (writes torn at 512-byte sectors) Derby refuses to"
            + " boot some states: a 4 KiB page of a container file written during the workload"
            + " persisted in part, and boot fails with ERROR XSDG2 'Invalid checksum on Page'"
            + " (checked by booting a kept state in a fresh JVM). ext4, which tears at 4 KiB"
            + " pages, shows no such state: Derby relies on page writes being atomic.")
        .build();
  }
}
