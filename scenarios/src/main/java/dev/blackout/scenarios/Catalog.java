package dev.blackout.scenarios;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Every scenario, seed patterns first, in the order of design.md section 8. */
public final class Catalog {

  private static final List<Scenario> ALL = List.of(
      new OverwriteInPlace(),
      new RenameWithoutFsync(),
      new RenameWithoutDirFsync(),
      new RenameWithDirFsync(),
      new BufferedFlushWithoutFsync(),
      new AppendLogFdatasync(),
      new PreallocatedLogFdatasync(),
      new DirectRmwTruncate(),
      new MmapForce(),
      new RwdWritesNewFile(),
      new RwsWritesNewFile(),
      new SharedLogTwoProcesses(),
      new SharedLogWithoutFdatasync(),
      new SqliteRollbackOff(),
      new SqliteRollbackNormal(),
      new SqliteRollbackFull(),
      new SqliteRollbackExtra(),
      new SqliteWalOff(),
      new SqliteWalNormal(),
      new SqliteWalFull(),
      new SqliteWalExtra(),
      new H2Ledger(),
      new HsqldbLedger(),
      new Hsqldb23Ledger(),
      new DerbyLedger(),
      new LuceneCommits(),
      new CommonsIoWriteString(),
      new CommonsIoAtomicReplace(),
      new ZooKeeperLogSync(),
      new ZooKeeperLogNoSync(),
      new ZooKeeper34LogSync(),
      new ZooKeeper34LogNoSync(),
      new RocksDbWalSync(),
      new RocksDbWalNoSync(),
      new RocksDbNoWal(),
      new RocksDbNoWalFlush(),
      new SharedVolumeContainers());

  private Catalog() {}

  public static List<Scenario> all() {
    return ALL;
  }

  /**
   * The demo's curated part of the catalog: the seed patterns first, then SQLite's rollback
   * journal with FULL and EXTRA (the directory sync that makes the difference) and WAL with
   * NORMAL; about a minute and a half on a 2-core machine.
   */
  public static List<Scenario> demo() {
    List<Scenario> out = new ArrayList<>(ALL.stream().filter(Scenario::seed).toList());
    out.add(new SqliteRollbackFull());
    out.add(new SqliteRollbackExtra());
    out.add(new SqliteWalNormal());
    return List.copyOf(out);
  }

  /** The scenario called {@code name} (case-insensitive), if any. */
  public static Optional<Scenario> byName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return ALL.stream().filter(s -> s.name().toLowerCase(Locale.ROOT).equals(n)).findFirst();
  }

  /**
   * The scenarios named, in catalog order.
   *
   * @throws IllegalArgumentException naming every unknown name and listing the known ones
   */
  public static List<Scenario> select(List<String> names) {
    List<String> unknown = new ArrayList<>();
    for (String n : names) {
      if (byName(n).isEmpty()) {
        unknown.add(n);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown scenario" + (unknown.size() > 1 ? "s " : " ")
          + String.join(", ", unknown) + "; known: "
          + String.join(", ", ALL.stream().map(Scenario::name).toList()));
    }
    return ALL.stream()
        .filter(s -> names.stream().anyMatch(n -> n.equalsIgnoreCase(s.name())))
        .toList();
  }
}
