package dev.blackout.scenarios;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Base of the ZooKeeper scenarios: ZooKeeper's transaction log and snapshots ({@code
 * FileTxnSnapLog}) used as a standalone server uses them. The workload starts like {@code
 * ZooKeeperServer.loadData} (restore, then a snapshot), logs {@link #CREATES} creates of {@code
 * /node-i}, each committed ({@code commit()}: flush, and fsync unless {@code
 * zookeeper.forceSync=no}) before it is acknowledged as {@code "ack create i"}, and after {@link
 * #SNAPSHOT_AFTER} of them rolls the log and takes a snapshot, as {@code SyncRequestProcessor} does
 * when its snapshot count is reached. The checker restores the crash state with the same ZooKeeper
 * release ({@code FileTxnSnapLog.restore}, what a restarting server runs) and requires the nodes
 * to be exactly {@code /node-1..n}, whole, with n at least the last acknowledged create.
 */
abstract class ZooKeeperLog implements Scenario {
  static final int CREATES = 6;
  static final int SNAPSHOT_AFTER = 3;
  static final String DIR = "zk";
  static final String ACK = "ack create ";

  static final String SOURCE = "zookeeper.apache.org ZooKeeper Administrator's Guide (forceSync);"
      + " ALICE OSDI'14 Table 3";

  /** 3.4.6: a log file created before its header is written stops restore (EOFException). */
  static final String EMPTY_LOG_34 = "3.4.6 creates a new log file and then writes its 16-byte"
      + " header; restore stops with EOFException on a log without a header (ZOOKEEPER-1621), so"
      + " a crash between the two, even of the process alone, keeps the server from starting."
      + " 3.9.4 passes the same states: restore deletes an empty last log since ZOOKEEPER-2332"
      + " (apache/zookeeper#2141).";

  /** 3.9: unsynced snapshots trip restore's empty-snapshot guard. */
  static final String SNAPSHOT_39 = "3.9.4 writes its start-up and periodic snapshots without a"
      + " sync (ZooKeeperServer.takeSnapshot() passes syncSnap=false). When a snapshot's data is"
      + " lost while the fsynced log behind it survives, restore refuses to start ('No snapshot"
      + " found, but there are log entries. Something is broken!', the ZOOKEEPER-3056 guard)"
      + " although the log alone holds every acknowledged create: the server is down, nothing"
      + " acknowledged is lost. A fix: sync a snapshot before logging past it.";

  /** posix: header vs preallocation, log directory entry, gaps between log files. */
  static final String POSIX = "Under posix, besides the above: (1) a new log gets its header and"
      + " then its 64 MiB preallocation (a byte written at the end) before one fsync, and POSIX"
      + " lets the new size persist without the header: restore stops at 'invalid magic number"
      + " 0' (ALICE's ZooKeeper atomicity finding); (2) a new log's directory entry is never"
      + " fsynced, so acknowledged creates vanish with it (ALICE's durability finding; ext4's"
      + " journal commits the entry with the file's fsync); (3) when log.1's entry is lost but"
      + " log.4's persists, restore replays log.4 onto the older snapshot and serves /node-4"
      + " without /node-1..3: a silent gap. (2) and (3) need directory operations to persist out of"
      + " order, which a journaling file system does not do: POSIX (ALICE's model) allows them,"
      + " ext4 does not.";

  /** ext4-ordered (calibrated): a new log's header can read zeros up to the preallocated size. */
  static final String HEADER_EXT4 = "Since calibration (finding 9: ext4 with dioread_nolock, the"
      + " default since Linux 5.6, can persist a file's new size before its data), a new log's"
      + " 16-byte header, written just before its 64 MiB preallocation and the first fsync, can"
      + " read zeros: restore stops at 'invalid magic number 0' (3.4.6 also at EOFException)"
      + " although nothing in that log was acknowledged yet, and the server does not start.";

  private final IsolatedLibrary library;
  private final boolean forceSync;

  ZooKeeperLog(IsolatedLibrary library, boolean forceSync) {
    this.library = library;
    this.forceSync = forceSync;
  }

  /** The ZooKeeper release. */
  final IsolatedLibrary library() {
    return library;
  }

  /** The {@code zookeeper.forceSync} setting: whether {@code commit()} forces the log. */
  final boolean forceSync() {
    return forceSync;
  }

  @Override
  public String title() {
    return "ZooKeeper " + library().version() + " txn log + snapshots, forceSync="
        + (forceSync() ? "yes" : "no") + ": " + CREATES + " acknowledged creates";
  }

  @Override
  public boolean seed() {
    return false;
  }

  static byte[] data(int i) {
    return ("node " + i + " " + "z".repeat(100)).getBytes(StandardCharsets.UTF_8);
  }

  /** The server's data directory, empty, as a fresh installation has it. */
  @Override
  public void setup(Path dir) throws java.io.IOException {
    Files.createDirectories(dir.resolve(DIR));
  }

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    // Read once by FileTxnLog; a fresh class loader makes it take this run's value.
    System.setProperty("zookeeper.forceSync", forceSync() ? "yes" : "no");
    try (ZkTxnSnapLog zk = ZkTxnSnapLog.open(library().newLoader(), dir.resolve(DIR))) {
      zk.snapshot();
      for (int i = 1; i <= CREATES; i++) {
        zk.create(i, "/node-" + i, data(i));
        zk.commit();
        acks.ack(ACK + i);
        if (i == SNAPSHOT_AFTER) {
          zk.rollLog();
          zk.snapshot();
        }
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
    Map<String, byte[]> nodes;
    try (ZkTxnSnapLog zk = ZkTxnSnapLog.open(library().sharedLoader(), state.resolve(DIR))) {
      nodes = zk.nodes();
    } catch (Exception e) {
      return "ZooKeeper cannot restore its data: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + SqlLedger.oneLine(e));
    }
    int n = nodes.size();
    for (int i = 1; i <= n; i++) {
      byte[] d = nodes.get("/node-" + i);
      if (d == null) {
        return "the nodes are not /node-1../node-" + n + ": " + nodes.keySet();
      }
      if (!Arrays.equals(d, data(i))) {
        return "/node-" + i + " holds " + d.length + " bytes that are not the ones created";
      }
    }
    if (n < promised) {
      return "create " + promised + " was acknowledged but the tree ends at /node-" + n;
    }
    return null;
  }
}
