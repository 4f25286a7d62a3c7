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
public class HsqldbLedger extends SqlLedger {

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

  /** The finding under ext4-ordered, the same in 2.3.2 and 2.7.4. */
  static final String EXT4_FINDING = "ALICE's vulnerabilities are under its abstract model (posix"
      + " here, where Blackout finds them: the shutdown's unlink of .script before its rename from"
      + " .script.new can leave no database). Under ext4-ordered two durability causes remain, the"
      + " same in HSQLDB 2.3.2 and 2.7.4: at the first commit after opening, HSQLDB creates"
      + " ledger.log and fsyncs it, then rewrites ledger.properties (modified=yes) by writing"
      + " .properties.new, unlinking .properties and renaming, and fsyncs the directory after none"
      + " of these. (1) If the rename does not persist, .properties still says modified=no and"
      + " recovery ignores the log: the acknowledged transactions are gone. (2) If the log's"
      + " directory entry does not persist, the log is gone. ext4's journal keeps the creation"
      + " before the rename, so here both are the one state with the rename lost; posix shows them"
      + " apart. Fix in HSQLDB: fsync the directory after the rename (it covers the log's earlier"
      + " creation too), or after creating the log and after the rename.";

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row("hsqldb.org guide (WRITE DELAY); ALICE OSDI'14 Table 3",
            "ok", "ok", "A", "A")
        .finding("ext4-ordered", "D", EXT4_FINDING)
        .build();
  }
}
