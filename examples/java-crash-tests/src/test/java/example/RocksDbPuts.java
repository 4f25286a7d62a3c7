package example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.blackout.core.crashtest.Markers;
import dev.blackout.core.crashtest.StateCheck;
import dev.blackout.core.crashtest.Workload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB workload and check: {@value #PUTS} puts into a new database in {@code db/}, each
 * acknowledged once {@code put} returned; after a crash the database must open, hold a prefix of
 * the puts (RocksDB's point-in-time recovery: no hole), and every acknowledged one.
 */
final class RocksDbPuts {
  static final int PUTS = 5;

  private RocksDbPuts() {}

  static byte[] key(int i) {
    return ("k" + i).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] value(int i) {
    return ("value-" + i).getBytes(StandardCharsets.UTF_8);
  }

  /** The puts, with {@code WriteOptions.setSync(sync)}. */
  static void run(Path dir, Markers markers, boolean sync) throws Exception {
    RocksDB.loadLibrary();
    try (Options options = new Options().setCreateIfMissing(true);
        RocksDB db = RocksDB.open(options, dir.resolve("db").toString());
        WriteOptions write = new WriteOptions().setSync(sync)) {
      for (int i = 1; i <= PUTS; i++) {
        db.put(write, key(i), value(i));
        markers.mark("put k" + i);
      }
    }
  }

  /** The workload in this JVM. */
  static Workload inProcess(boolean sync) {
    return (dir, markers) -> run(dir, markers, sync);
  }

  /** The same workload in a child JVM ({@link #main}). */
  static Workload childJvm(boolean sync) {
    return Workload.javaMain(RocksDbPuts.class, sync ? "sync" : "nosync");
  }

  /** Run by {@link Workload#javaMain}: in the recorded directory, markers through the recorder. */
  public static void main(String[] args) throws Exception {
    run(Path.of(System.getenv("BLACKOUT_DIR")), Markers.fromEnvironment(), args[0].equals("sync"));
  }

  static final StateCheck RECOVERS_A_PREFIX = (state, acked) -> {
    RocksDB.loadLibrary();
    try (Options options = new Options().setCreateIfMissing(true);
        RocksDB db = RocksDB.open(options, state.resolve("db").toString())) {
      int present = 0;
      for (int i = 1; i <= PUTS; i++) {
        byte[] v = db.get(key(i));
        if (v == null) {
          continue;
        }
        assertTrue(present == i - 1, "k" + i + " survived but k" + (present + 1) + " did not");
        assertArrayEquals(value(i), v, "k" + i + " holds the wrong value");
        present = i;
      }
      assertTrue(present >= acked.size(), "put k" + acked.size() + " was acknowledged but "
          + (present == 0 ? "no put" : "only k1..k" + present) + " survived");
    } catch (RocksDBException e) {
      fail("RocksDB does not open the crash state: " + e.getMessage());
    }
  };
}
