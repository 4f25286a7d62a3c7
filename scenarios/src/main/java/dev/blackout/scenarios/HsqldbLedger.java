package dev.blackout.scenarios;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * HSQLDB 2.x file database with {@code SET FILES WRITE DELAY FALSE} (the log is synced on every
 * commit, the documented durable setting). ALICE (OSDI'14) found 10 crash vulnerabilities in
 * HSQLDB under its abstract persistence model.
 */
public final class HsqldbLedger extends SqlLedger {

  @Override
  public String title() {
    return "HSQLDB 2.7 file database, WRITE DELAY FALSE: " + TXNS + " acknowledged transactions";
  }

  @Override
  String url(Path dir) {
    return "jdbc:hsqldb:file:" + dir.resolve("ledger") + ";hsqldb.lock_file=false";
  }

  @Override
  void create(Statement st) throws SQLException {
    st.execute("SET FILES WRITE DELAY FALSE");
  }

  @Override
  void shutdown(Connection c, Path dir) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SHUTDOWN");
    } finally {
      c.close();
    }
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row("hsqldb.org guide (WRITE DELAY); ALICE OSDI'14 Table 3",
            "ok", "ok", "A", "A")
        .finding("ext4-ordered", "D", "ALICE's vulnerabilities are under its abstract model (posix"
            + " here, where Blackout finds them: the .script/.properties rewrite at open can leave"
            + " an empty database). ext4's ordered metadata journal keeps that rewrite atomic; what"
            + " remains is durability: the new .log file's directory entry is never fsynced, so"
            + " acknowledged transactions can vanish with it.")
        .build();
  }
}
