package dev.blackout.scenarios;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ZooKeeper's own persistence layer ({@code FileTxnSnapLog}: transaction log and snapshots) driven
 * the way a standalone {@code ZooKeeperServer} drives it, by reflection so that one class serves
 * ZooKeeper 3.4 and 3.9 loaded from an {@link IsolatedLibrary}. The two releases differ in how a
 * request carries its transaction (public fields in 3.4, a constructor in 3.9), in {@code save}'s
 * sync flag (3.9) and in the playback listener's arity; everything else is the same call.
 */
final class ZkTxnSnapLog implements AutoCloseable {
  private static final String P = "org.apache.zookeeper.";

  private final ClassLoader cl;
  private final boolean v34;
  private final Object log;
  private final Object tree;
  private final ConcurrentHashMap<Long, Integer> sessions = new ConcurrentHashMap<>();

  private ZkTxnSnapLog(ClassLoader cl, Object log, Object tree) {
    this.cl = cl;
    this.v34 = !hasClass(cl, P + "txn.TxnDigest");
    this.log = log;
    this.tree = tree;
  }

  /**
   * Opens the log and snapshots in {@code dir} (data and snapshot directory in one, the default
   * configuration) and restores what is there, as {@code ZooKeeperServer.loadData} does.
   */
  static ZkTxnSnapLog open(ClassLoader cl, Path dir) throws Exception {
    Object log = cls(cl, "server.persistence.FileTxnSnapLog")
        .getConstructor(File.class, File.class).newInstance(dir.toFile(), dir.toFile());
    Object tree = cls(cl, "server.DataTree").getConstructor().newInstance();
    ZkTxnSnapLog z = new ZkTxnSnapLog(cl, log, tree);
    z.restore();
    return z;
  }

  private long restore() throws Exception {
    Class<?> listener = cls(cl, "server.persistence.FileTxnSnapLog$PlayBackListener");
    Object ignore = Proxy.newProxyInstance(cl, new Class<?>[] {listener}, (p, m, a) -> null);
    return (long) call(log, "restore", new Class<?>[] {tree.getClass(), Map.class, listener},
        tree, sessions, ignore);
  }

  /**
   * Logs the creation of {@code path} with {@code data} as transaction {@code zxid} (not yet
   * durable: {@link #commit} makes it so) and applies it to the in-memory tree.
   */
  void create(long zxid, String path, byte[] data) throws Exception {
    int create = cls(cl, "ZooDefs$OpCode").getField("create").getInt(null);
    Object hdr = cls(cl, "txn.TxnHeader")
        .getConstructor(long.class, int.class, long.class, long.class, int.class)
        .newInstance(1L, (int) zxid, zxid, 1_000_000L + zxid, create);
    Object acl = cls(cl, "ZooDefs$Ids").getField("OPEN_ACL_UNSAFE").get(null);
    Object txn = cls(cl, "txn.CreateTxn")
        .getConstructor(String.class, byte[].class, List.class, boolean.class, int.class)
        .newInstance(path, data, acl, false, -1);
    Class<?> record = cls(cl, "jute.Record", "org.apache.");
    Class<?> request = cls(cl, "server.Request");
    Object req;
    if (v34) {
      Constructor<?> c = request.getConstructor(cls(cl, "server.ServerCnxn"), long.class, int.class,
          int.class, java.nio.ByteBuffer.class, List.class);
      req = c.newInstance(null, 1L, (int) zxid, create, null, null);
      request.getField("hdr").set(req, hdr);
      request.getField("txn").set(req, txn);
    } else {
      req = request.getConstructor(long.class, int.class, int.class, hdr.getClass(), record,
          long.class).newInstance(1L, (int) zxid, create, hdr, txn, zxid);
    }
    call(log, "append", new Class<?>[] {request}, req);
    call(tree, "processTxn", new Class<?>[] {hdr.getClass(), record}, hdr, txn);
  }

  /** Flushes the log and, unless {@code zookeeper.forceSync=no}, forces it to the device. */
  void commit() throws Exception {
    call(log, "commit", new Class<?>[0]);
  }

  /** Starts a new log file for the next transaction (what the server does before a snapshot). */
  void rollLog() throws Exception {
    call(log, "rollLog", new Class<?>[0]);
  }

  /**
   * Writes a snapshot of the tree, as {@code ZooKeeperServer.takeSnapshot()} does: 3.9 is asked
   * not to sync it (the standalone server's periodic and start-up snapshots pass false).
   */
  void snapshot() throws Exception {
    if (v34) {
      call(log, "save", new Class<?>[] {tree.getClass(), ConcurrentHashMap.class}, tree, sessions);
    } else {
      call(log, "save", new Class<?>[] {tree.getClass(), ConcurrentHashMap.class, boolean.class},
          tree, sessions, false);
    }
  }

  /** The data of every top-level node, by path, as restored. */
  Map<String, byte[]> nodes() throws Exception {
    Class<?> stat = cls(cl, "data.Stat");
    Class<?> watcher = cls(cl, "Watcher");
    @SuppressWarnings("unchecked")
    List<String> children = new ArrayList<>((List<String>) call(tree, "getChildren",
        new Class<?>[] {String.class, stat, watcher}, "/", null, null));
    Map<String, byte[]> out = new HashMap<>();
    for (String c : children) {
      if (c.equals("zookeeper")) {
        continue; // the server's own /zookeeper node (quotas, config)
      }
      Object st = stat.getConstructor().newInstance();
      out.put("/" + c, (byte[]) call(tree, "getData",
          new Class<?>[] {String.class, stat, watcher}, "/" + c, st, null));
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    call(log, "close", new Class<?>[0]);
  }

  private static Class<?> cls(ClassLoader cl, String name) throws ClassNotFoundException {
    return cls(cl, name, P);
  }

  private static Class<?> cls(ClassLoader cl, String name, String prefix)
      throws ClassNotFoundException {
    return Class.forName(prefix + name, true, cl);
  }

  private static boolean hasClass(ClassLoader cl, String name) {
    try {
      Class.forName(name, false, cl);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Calls a public method; an exception it threw comes out as itself. */
  private static Object call(Object target, String name, Class<?>[] types, Object... args)
      throws Exception {
    Method m = target.getClass().getMethod(name, types);
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable t = e.getCause();
      if (t instanceof Exception ex) {
        throw ex;
      }
      if (t instanceof Error err) {
        throw err;
      }
      throw new IOException(t);
    }
  }
}
