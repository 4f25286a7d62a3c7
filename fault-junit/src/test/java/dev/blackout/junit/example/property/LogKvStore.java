package dev.blackout.junit.example.property;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A key-value store kept in one append-only log: puts and deletes are buffered, and commit appends
 * them with a commit line; recovery replays the committed transactions up to the first damaged
 * line. The bug: commit returns (and is acknowledged) before the log is fsynced, which happens
 * only at close ({@code syncOnCommit} false).
 */
final class LogKvStore implements AutoCloseable {
  private final Path file;
  private final FileChannel log;
  private final boolean syncOnCommit;
  private final List<String> pending = new ArrayList<>();

  private LogKvStore(Path file, FileChannel log, boolean syncOnCommit) {
    this.file = file;
    this.log = log;
    this.syncOnCommit = syncOnCommit;
  }

  static LogKvStore open(Path dir, boolean syncOnCommit) throws IOException {
    Path file = dir.resolve("log");
    boolean created = !Files.exists(file);
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    if (created) {
      ch.force(true);
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      }
    }
    ch.position(ch.size());
    return new LogKvStore(file, ch, syncOnCommit);
  }

  void put(String key, String value) {
    pending.add("P " + key + " " + value);
  }

  void delete(String key) {
    pending.add("D " + key);
  }

  void commit() throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    StringBuilder b = new StringBuilder();
    pending.forEach(r -> b.append(r).append('\n'));
    b.append("C\n");
    ByteBuffer buf = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      log.write(buf);
    }
    pending.clear();
    if (syncOnCommit) {
      log.force(false);
    }
  }

  /** The committed state: transactions applied up to the first line that is not a record. */
  Map<String, String> readAll() throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    Map<String, String> state = new HashMap<>();
    Map<String, String> txn = new HashMap<>();
    List<String> deleted = new ArrayList<>();
    int start = 0;
    for (int nl = text.indexOf('\n'); nl >= 0; start = nl + 1, nl = text.indexOf('\n', start)) {
      String[] f = text.substring(start, nl).split(" ", -1);
      if (f.length == 3 && f[0].equals("P")) {
        txn.put(f[1], f[2]);
        deleted.remove(f[1]);
      } else if (f.length == 2 && f[0].equals("D")) {
        txn.remove(f[1]);
        deleted.add(f[1]);
      } else if (f.length == 1 && f[0].equals("C")) {
        deleted.forEach(state::remove);
        state.putAll(txn);
        txn.clear();
        deleted.clear();
      } else {
        break;
      }
    }
    return state;
  }

  @Override
  public void close() throws IOException {
    log.force(false);
    log.close();
  }
}
