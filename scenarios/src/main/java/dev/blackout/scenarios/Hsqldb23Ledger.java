package dev.blackout.scenarios;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * {@link HsqldbLedger} on HSQLDB 2.3.2, the release current when ALICE (OSDI'14) measured HSQLDB,
 * loaded from its own class loader ({@link IsolatedLibrary#HSQLDB_2_3}) beside the catalog's 2.7.
 */
public final class Hsqldb23Ledger extends HsqldbLedger {
  private static volatile Driver driver;

  /**
   * HSQLDB 2.3 logs every open, checkpoint and log replay error through java.util.logging (2.7
   * keeps quiet); the checker opens hundreds of crash states, so its loggers are switched off,
   * after its FrameworkLogger has reread the logging configuration (which resets every level).
   */
  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("hsqldb");

  /** Checker threads whose standard error is dropped (HSQLDB 2.3 prints stack traces there). */
  private static final ThreadLocal<Boolean> MUTED = ThreadLocal.withInitial(() -> false);

  @Override
  public String check(java.nio.file.Path state, java.util.List<String> acked) throws Exception {
    muteOnDemand();
    MUTED.set(true);
    try {
      return super.check(state, acked);
    } finally {
      MUTED.set(false);
    }
  }

  private static synchronized void muteOnDemand() {
    if (!(System.err instanceof MutableErr)) {
      System.setErr(new MutableErr(System.err));
    }
  }

  /** Standard error, except on the threads that {@link #MUTED} marks. */
  private static final class MutableErr extends java.io.PrintStream {
    MutableErr(java.io.PrintStream delegate) {
      super(delegate, true);
    }

    @Override
    public void write(int b) {
      if (!MUTED.get()) {
        super.write(b);
      }
    }

    @Override
    public void write(byte[] buf, int off, int len) {
      if (!MUTED.get()) {
        super.write(buf, off, len);
      }
    }
  }

  @Override
  public String title() {
    return "HSQLDB " + IsolatedLibrary.HSQLDB_2_3.version()
        + " file database, WRITE DELAY FALSE: " + TXNS + " acknowledged transactions";
  }

  @Override
  Connection open(String url) throws SQLException {
    Connection c = driver().connect(url, new Properties());
    if (c == null) {
      throw new SQLException("HSQLDB " + IsolatedLibrary.HSQLDB_2_3.version()
          + " does not take " + url);
    }
    return c;
  }

  private static synchronized Driver driver() throws SQLException {
    Driver d = driver;
    if (d == null) {
      try {
        ClassLoader l = IsolatedLibrary.HSQLDB_2_3.sharedLoader();
        Class.forName("org.hsqldb.lib.FrameworkLogger", true, l);
        QUIET.setLevel(java.util.logging.Level.OFF);
        d = (Driver) Class.forName("org.hsqldb.jdbc.JDBCDriver", true, l).getConstructor()
            .newInstance();
      } catch (ReflectiveOperationException e) {
        throw new SQLException("cannot load HSQLDB " + IsolatedLibrary.HSQLDB_2_3.version(), e);
      }
      driver = d;
    }
    return d;
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row("hsqldb.org guide (WRITE DELAY); ALICE OSDI'14 Table 3",
            "ok", "ok", "A", "A")
        .finding("ext4-ordered", "D", EXT4_FINDING)
        .build();
  }
}
