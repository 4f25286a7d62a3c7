package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.blackout.core.check.Verdict;
import dev.blackout.core.crashtest.property.Action;
import dev.blackout.core.crashtest.property.Gen;
import dev.blackout.core.crashtest.property.PropertyReport;
import dev.blackout.core.crashtest.property.StoreProperty;
import dev.blackout.junit.CrashProperty;
import dev.blackout.junit.PropertyRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * A stateful crash property of RocksDB with an unsafe setting (WriteOptions.sync=false): random
 * sequences of puts, deletes and reopens, each acknowledged when it returns. After a machine crash
 * (drop-unsynced) an acknowledged put can be lost, as RocksDB documents; the failure shrinks to a
 * single put.
 */
class RocksDbPropertyTest {

  /** A RocksDB database in {@code db/} of the directory, written with sync off. */
  record Db(RocksDB db, Options options, WriteOptions write) implements AutoCloseable {
    static Db open(Path dir) throws RocksDBException {
      RocksDB.loadLibrary();
      Options options = new Options().setCreateIfMissing(true);
      return new Db(RocksDB.open(options, dir.resolve("db").toString()), options,
          new WriteOptions().setSync(false));
    }

    void put(String k, String v) throws RocksDBException {
      db.put(write, k.getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8));
    }

    void delete(String k) throws RocksDBException {
      db.delete(write, k.getBytes(StandardCharsets.UTF_8));
    }

    Map<String, String> readAll() {
      Map<String, String> out = new TreeMap<>();
      try (RocksIterator it = db.newIterator()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          out.put(new String(it.key(), StandardCharsets.UTF_8),
              new String(it.value(), StandardCharsets.UTF_8));
        }
      }
      return out;
    }

    @Override
    public void close() {
      write.close();
      db.close();
      options.close();
    }
  }

  static final StoreProperty<Db> ROCKSDB_NO_SYNC = StoreProperty.of("RocksDB, sync=false",
          Db::open, Db::readAll)
      .action(Action.<Db>of("put", (s, a) -> s.put(a.string(0), a.string(1)))
          .args(Gen.keys(3), Gen.values(3))
          .effect((m, a) -> m.put(a.string(0), a.string(1))).acknowledges().weight(3))
      .action(Action.<Db>of("delete", (s, a) -> s.delete(a.string(0)))
          .args(Gen.keys(3)).effect((m, a) -> m.remove(a.string(0))).acknowledges())
      .action(Action.reopen())
      .length(1, 6)
      .javaName("ROCKSDB_NO_SYNC");

  @CrashProperty(models = "drop-unsynced", tries = 5)
  void unsyncedPutsMayBeLostInAMachineCrash(PropertyRunner property) throws IOException {
    PropertyReport r = property.explore(ROCKSDB_NO_SYNC);
    System.out.println("as documented:\n" + r.failureMessage());
    assertFalse(r.passed(), "sync=false loses acknowledged writes in a machine crash");
    assertEquals(List.of(ROCKSDB_NO_SYNC.call("put", "k0", "a")), r.shrunk());
    assertEquals(Verdict.Kind.DURABILITY,
        r.failure().failures().get(0).violation().classification());
  }
}
