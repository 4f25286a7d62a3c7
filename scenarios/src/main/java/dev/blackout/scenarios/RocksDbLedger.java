package dev.blackout.scenarios;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.Env;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.Priority;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteOptions;

/**
 * Base of the RocksDB scenarios: RocksDB's native engine (rocksdbjni {@value #VERSION}) writing
 * through the mount. The database is created at setup; the workload reopens it (a new MANIFEST,
 * CURRENT, WAL and OPTIONS file, as every open writes) and puts {@link #PUTS} keys, each
 * acknowledged as {@code "ack put i"} once {@code put} (and, where the scenario says so, {@code
 * flush}) returned. The checker opens the crash state with RocksDB (its recovery replays the WAL,
 * point-in-time) and requires keys 1..n exactly, whole, with n at least the last acknowledged put.
 *
 * <p>To make the trace the same from run to run RocksDB gets one background thread per pool, no
 * automatic compaction, no statistics dumps, a write buffer no put fills, and its info log at the
 * header level (its background writes were the one part of the trace that changed from run to
 * run).
 */
abstract class RocksDbLedger implements Scenario {
  static final String VERSION = "10.10.1";
  static final int PUTS = 4;
  static final String DIR = "db";
  static final String ACK = "ack put ";
  static final String SOURCE = "github.com/facebook/rocksdb/wiki: Basic Operations (synchronous"
      + " writes), Write Ahead Log (disableWAL), FlushOptions";

  /** posix: CURRENT's rename persists before the new MANIFEST's directory entry. */
  static final String MANIFEST_POSIX = "Every open writes a new MANIFEST and fdatasyncs it, points"
      + " CURRENT at it (temporary file, fdatasync, rename) and only then fsyncs the directory."
      + " POSIX lets the rename of CURRENT persist before the MANIFEST's directory entry: CURRENT"
      + " names a MANIFEST that is not there and the database does not open ('While opening a"
      + " file for sequentially reading: .../MANIFEST-000009: No such file or directory'). A"
      + " directory fsync between creating the MANIFEST and renaming CURRENT would fix it; ext4's"
      + " journal keeps directory operations in order, so the ext4-ordered cell does not show it."
      + " The same 6 states fail in every run: the trace does not change from run to run.";

  private final boolean wal;
  private final boolean sync;
  private final boolean flushBeforeAck;

  RocksDbLedger(boolean wal, boolean sync, boolean flushBeforeAck) {
    this.wal = wal;
    this.sync = sync;
    this.flushBeforeAck = flushBeforeAck;
  }

  /** Whether the puts go through the write-ahead log. */
  final boolean wal() {
    return wal;
  }

  /** {@code WriteOptions.sync}: whether each put syncs the WAL before returning. */
  final boolean sync() {
    return sync;
  }

  /** Whether the workload calls {@code flush()} (waiting for it) before acknowledging a put. */
  final boolean flushBeforeAck() {
    return flushBeforeAck;
  }

  @Override
  public String title() {
    return "RocksDB " + VERSION + " (rocksdbjni), " + (wal() ? "WAL sync=" + sync()
        : "WAL disabled" + (flushBeforeAck() ? ", flush() before each ack" : ", no flush"))
        + ": " + PUTS + " acknowledged puts";
  }

  @Override
  public boolean seed() {
    return false;
  }

  static Options options() {
    RocksDB.loadLibrary();
    Env env = Env.getDefault();
    env.setBackgroundThreads(1, Priority.LOW);
    env.setBackgroundThreads(1, Priority.HIGH);
    return new Options()
        .setEnv(env)
        .setCreateIfMissing(true)
        .setMaxBackgroundJobs(1)
        .setMaxFileOpeningThreads(1)
        .setDisableAutoCompactions(true)
        .setStatsDumpPeriodSec(0)
        .setStatsPersistPeriodSec(0)
        .setInfoLogLevel(InfoLogLevel.HEADER_LEVEL)
        .setSkipStatsUpdateOnDbOpen(true)
        .setWriteBufferSize(64L << 20)
        .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery);
  }

  static byte[] key(int i) {
    return ("key-" + i).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] value(int i) {
    return ("value " + i + " " + "v".repeat(120)).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void setup(Path dir) throws java.io.IOException {
    try (Options o = options(); RocksDB db = RocksDB.open(o, dir.resolve(DIR).toString())) {
      db.syncWal();
    } catch (RocksDBException e) {
      throw new java.io.IOException("cannot create the RocksDB database: " + e.getMessage(), e);
    }
  }

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    try (Options o = options();
        RocksDB db = RocksDB.open(o, dir.resolve(DIR).toString());
        WriteOptions w = new WriteOptions().setSync(sync()).setDisableWAL(!wal());
        FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
      for (int i = 1; i <= PUTS; i++) {
        db.put(w, key(i), value(i));
        if (flushBeforeAck()) {
          db.flush(f);
        }
        acks.ack(ACK + i);
      }
    }
  }

  @Override
  public String check(Path state, List<String> acked) throws Exception {
    int promised = 0;
    for (String a : acked) {
      if (a.startsWith(ACK)) {
        promised = Math.max(promised, Integer.parseInt(a.substring(ACK.length())));
      }
    }
    int n = 0;
    try (Options o = options().setCreateIfMissing(false);
        RocksDB db = RocksDB.open(o, state.resolve(DIR).toString())) {
      for (int i = 1; i <= PUTS; i++) {
        byte[] v = db.get(key(i));
        if (v == null) {
          continue;
        }
        if (!Arrays.equals(v, value(i))) {
          return "key-" + i + " holds " + v.length + " bytes that are not the ones put";
        }
        if (i != n + 1) {
          return "key-" + i + " is there but key-" + (n + 1) + " is not";
        }
        n = i;
      }
    } catch (RocksDBException e) {
      return "RocksDB does not open: " + SqlLedger.oneLine(e);
    }
    if (n < promised) {
      return "put " + promised + " was acknowledged but the keys end at key-" + n;
    }
    return null;
  }
}
