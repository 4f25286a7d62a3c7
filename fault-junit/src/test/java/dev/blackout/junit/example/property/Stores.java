package dev.blackout.junit.example.property;

import dev.blackout.core.crashtest.property.Action;
import dev.blackout.core.crashtest.property.Gen;
import dev.blackout.core.crashtest.property.StoreProperty;

/** The stateful crash properties of the example stores. */
final class Stores {
  private Stores() {}

  /** One file per key; with or without a directory fsync after each rename and unlink. */
  static StoreProperty<FileKvStore> files(boolean syncDirectory) {
    return StoreProperty.<FileKvStore>of(
            syncDirectory ? "file per key" : "file per key, no directory fsync",
            dir -> FileKvStore.open(dir, syncDirectory), FileKvStore::readAll)
        .close(store -> {})
        .action(Action.<FileKvStore>of("put", (s, a) -> s.put(a.string(0), a.string(1)))
            .args(Gen.keys(3), Gen.values(3))
            .effect((m, a) -> m.put(a.string(0), a.string(1)))
            .acknowledges().weight(3))
        .action(Action.<FileKvStore>of("delete", (s, a) -> s.delete(a.string(0)))
            .args(Gen.keys(3))
            .effect((m, a) -> m.remove(a.string(0)))
            .acknowledges())
        .action(Action.reopen());
  }

  /** An append-only log with transactions; committing with or without an fsync before the ack. */
  static StoreProperty<LogKvStore> log(boolean syncOnCommit) {
    return StoreProperty.<LogKvStore>of(
            syncOnCommit ? "log" : "log, acknowledged before fsync",
            dir -> LogKvStore.open(dir, syncOnCommit), LogKvStore::readAll)
        .action(Action.<LogKvStore>of("put", (s, a) -> s.put(a.string(0), a.string(1)))
            .args(Gen.keys(3), Gen.values(3))
            .effect((m, a) -> m.put(a.string(0), a.string(1)))
            .weight(3))
        .action(Action.<LogKvStore>of("delete", (s, a) -> s.delete(a.string(0)))
            .args(Gen.keys(3))
            .effect((m, a) -> m.remove(a.string(0))))
        .action(Action.<LogKvStore>of("commit", (s, a) -> s.commit()).acknowledges().weight(2));
  }
}
