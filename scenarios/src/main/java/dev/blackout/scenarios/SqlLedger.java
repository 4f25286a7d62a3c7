package dev.blackout.scenarios;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Base of the SQL database scenarios: a ledger of {@link #TXNS} transactions, each inserting row
 * {@code i} and setting the counter row to {@code i} in one commit, acknowledged as {@code "ack txn
 * i"} once {@code commit()} returned. The checker opens the crash state with the library itself
 * (its own recovery runs), checks integrity, and requires the ledger to be whole — rows 1..n and
 * counter n — with n at least the last acknowledged transaction.
 */
abstract class SqlLedger implements Scenario {
  static final int TXNS = 4;
  static final String ACK = "ack txn ";

  /** The JDBC URL of the ledger database inside {@code dir} (absolute). */
  abstract String url(Path dir);

  /** Settings made once, when the database is created (persistent ones: journal mode...). */
  void create(Statement st) throws SQLException {}

  /** Settings made on every connection of the workload (synchronous...). */
  void configure(Statement st) throws SQLException {}

  /** The library's own integrity check: null when fine, else what it reported. */
  String integrity(Connection c) throws SQLException {
    return null;
  }

  /** Opens a connection (the library's driver; an isolated release brings its own). */
  Connection open(String url) throws SQLException {
    return DriverManager.getConnection(url);
  }

  /** Opens a connection for the checker (the library's recovery runs here). */
  Connection connect(String url) throws SQLException {
    return open(url);
  }

  /** Closes the database the way the library wants (checkpoint, shutdown). */
  void shutdown(Connection c, Path dir) throws SQLException {
    c.close();
  }

  @Override
  public boolean seed() {
    return false;
  }

  @Override
  public void setup(Path dir) throws IOException {
    try (Connection c = open(url(dir.toAbsolutePath()))) {
      try (Statement st = c.createStatement()) {
        create(st);
        st.execute("CREATE TABLE ledger (id INT PRIMARY KEY, v VARCHAR(200))");
        st.execute("CREATE TABLE counter (k INT PRIMARY KEY, n INT)");
        st.execute("INSERT INTO counter VALUES (0, 0)");
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
      shutdown(c, dir.toAbsolutePath());
    } catch (SQLException e) {
      throw new IOException("cannot create the ledger in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    Connection c = open(url(dir.toAbsolutePath()));
    try (Statement st = c.createStatement()) {
      configure(st);
    }
    c.setAutoCommit(false);
    for (int i = 1; i <= TXNS; i++) {
      try (Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO ledger VALUES (" + i + ", 'entry " + i + " "
            + "z".repeat(120) + "')");
        st.executeUpdate("UPDATE counter SET n = " + i + " WHERE k = 0");
      }
      c.commit();
      acks.ack(ACK + i);
    }
    c.setAutoCommit(true);
    shutdown(c, dir.toAbsolutePath());
  }

  @Override
  public String check(Path state, List<String> acked) throws Exception {
    int promised = 0;
    for (String a : acked) {
      if (a.startsWith(ACK)) {
        promised = Math.max(promised, Integer.parseInt(a.substring(ACK.length())));
      }
    }
    Connection c;
    try {
      c = connect(url(state.toAbsolutePath()));
    } catch (SQLException e) {
      return "the database does not open: " + oneLine(e) + deepest(e);
    }
    try {
      String bad = integrity(c);
      if (bad != null) {
        return "integrity check failed: " + bad;
      }
      int n;
      long rows;
      long max;
      try (Statement st = c.createStatement()) {
        try (ResultSet rs = st.executeQuery("SELECT n FROM counter WHERE k = 0")) {
          if (!rs.next()) {
            return "the counter row is missing";
          }
          n = rs.getInt(1);
        }
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM ledger")) {
          rs.next();
          rows = rs.getLong(1);
          max = rs.getLong(2);
        }
      }
      if (rows != n || max != n) {
        return "the ledger is not whole: counter " + n + " but " + rows + " rows up to id " + max;
      }
      if (n < promised) {
        return "transaction " + promised + " was acknowledged but the ledger ends at " + n;
      }
      return null;
    } catch (SQLException e) {
      return "reading the ledger failed: " + oneLine(e);
    } finally {
      try {
        shutdown(c, state.toAbsolutePath());
      } catch (SQLException e) {
        // a database that cannot close cleanly was already judged
      }
    }
  }

  /** The first lines of the nested causes (Derby puts the real reason there), or nothing. */
  static String deepest(SQLException e) {
    java.util.LinkedHashSet<String> lines = new java.util.LinkedHashSet<>();
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
    todo.add(e);
    while (!todo.isEmpty() && seen.size() < 20) {
      Throwable t = todo.poll();
      if (!seen.add(t)) {
        continue;
      }
      if (t != e && t.getMessage() != null) {
        lines.add(oneLine(t));
      }
      if (t instanceof SQLException s && s.getNextException() != null) {
        todo.add(s.getNextException());
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
    }
    lines.remove(oneLine(e));
    String all = String.join("; ", lines);
    return all.isEmpty() ? "" : " (causes: " + (all.length() > 400 ? all.substring(0, 400) + "..." : all) + ")";
  }

  static String oneLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).strip();
  }
}
