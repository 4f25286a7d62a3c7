package dev.blackout.core.explore;

import dev.blackout.core.check.CheckResult;
import dev.blackout.core.check.Checker;
import dev.blackout.core.testing.TraceBuilder;
import dev.blackout.core.trace.OpMeta;
import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The seed patterns of design.md section 8 as hand-built traces, each with the table's checker:
 * "the file holds exactly the old or exactly the new content, and exactly the new one once the
 * update was acknowledged" (for the log rows: every record read back is whole, and every
 * acknowledged record is there).
 */
final class SeedPatterns {

  private SeedPatterns() {}

  /** One row: a trace and its checker. */
  record Pattern(String name, Trace trace, Checker checker) {}

  static final byte[] OLD = "old contents of the database file\n".getBytes(StandardCharsets.UTF_8);
  static final byte[] NEW = "new contents, longer than the old ones, of the database file\n".getBytes(StandardCharsets.UTF_8);

  static List<Pattern> all() {
    return List.of(
        overwriteInPlace(),
        renameNoFsync(),
        renameAfterFsync(),
        renameAndFsyncDir(),
        flushWithoutFsync(),
        appendLogFdatasync(),
        preallocatedLog(),
        odirectReadModifyWrite(),
        mmapForce(),
        osyncNewFile(),
        twoProcessesAppending());
  }

  static Pattern overwriteInPlace() {
    TraceBuilder b = TraceBuilder.create().file("db", OLD);
    long db = b.inode("db");
    b.open(db, OpenFlags.O_WRONLY | OpenFlags.O_TRUNC);
    b.write(db, 0, NEW);
    b.close(db);
    b.marker("ack");
    return new Pattern("overwrite in place (O_TRUNC + write + close), ack", b.build(), oldOrNew("db", OLD, NEW));
  }

  static Pattern renameNoFsync() {
    TraceBuilder b = TraceBuilder.create().file("db", OLD);
    long tmp = b.create(TraceBuilder.ROOT, "db.tmp");
    b.write(tmp, 0, NEW);
    b.close(tmp);
    b.rename(TraceBuilder.ROOT, "db.tmp", TraceBuilder.ROOT, "db");
    b.marker("ack");
    return new Pattern("write tmp + rename over the old file, no fsync, ack", b.build(), oldOrNew("db", OLD, NEW));
  }

  static Pattern renameAfterFsync() {
    TraceBuilder b = TraceBuilder.create().file("db", OLD);
    long tmp = b.create(TraceBuilder.ROOT, "db.tmp");
    b.write(tmp, 0, NEW);
    b.fsync(tmp);
    b.close(tmp);
    b.rename(TraceBuilder.ROOT, "db.tmp", TraceBuilder.ROOT, "db");
    b.marker("ack");
    return new Pattern("write tmp + fsync + rename, no directory fsync, ack", b.build(), oldOrNew("db", OLD, NEW));
  }

  static Pattern renameAndFsyncDir() {
    TraceBuilder b = TraceBuilder.create().file("db", OLD);
    long tmp = b.create(TraceBuilder.ROOT, "db.tmp");
    b.write(tmp, 0, NEW);
    b.fsync(tmp);
    b.close(tmp);
    b.rename(TraceBuilder.ROOT, "db.tmp", TraceBuilder.ROOT, "db");
    b.fsyncdir(TraceBuilder.ROOT);
    b.marker("ack");
    return new Pattern("write tmp + fsync + rename + fsync directory, ack", b.build(), oldOrNew("db", OLD, NEW));
  }

  static Pattern flushWithoutFsync() {
    TraceBuilder b = TraceBuilder.create();
    long out = b.create(TraceBuilder.ROOT, "out");
    b.write(out, 0, NEW); // BufferedOutputStream.flush(): write(2), nothing more
    b.marker("ack");
    b.close(out);
    return new Pattern("BufferedOutputStream.flush without fsync, ack", b.build(), oldOrNew("out", null, NEW));
  }

  static Pattern appendLogFdatasync() {
    TraceBuilder b = TraceBuilder.create().file("log", record("r1"));
    long log = b.inode("log");
    long end = record("r1").length;
    b.open(log, OpenFlags.O_WRONLY | OpenFlags.O_APPEND);
    for (String r : List.of("r2", "r3", "r4")) {
      b.write(log, end, record(r));
      end += record(r).length;
      b.fdatasync(log);
      b.marker("ack " + r);
    }
    b.close(log);
    return new Pattern("append log with checksums, fdatasync before ack", b.build(), logChecker("log"));
  }

  static Pattern preallocatedLog() {
    TraceBuilder b = TraceBuilder.create().file("log", new byte[16384]);
    long log = b.inode("log");
    b.open(log, OpenFlags.O_WRONLY);
    long at = 0;
    for (String r : List.of("r1", "r2", "r3")) {
      byte[] rec = record(r + "-" + "x".repeat(700));
      b.write(log, at, rec);
      at += rec.length;
      b.fdatasync(log);
      b.marker("ack " + r + "-" + "x".repeat(700));
    }
    b.close(log);
    return new Pattern("preallocated log + fdatasync (Berkeley DB style, seed 001)", b.build(), logChecker("log"));
  }

  static Pattern odirectReadModifyWrite() {
    byte[] old = new byte[1000];
    Arrays.fill(old, (byte) 'o');
    byte[] fresh = Arrays.copyOf(old, 1500);
    Arrays.fill(fresh, 1000, 1500, (byte) 'n');
    byte[] block = Arrays.copyOf(fresh, 4096); // the aligned block: old bytes, new bytes, padding
    TraceBuilder b = TraceBuilder.create().file("data", old);
    long f = b.inode("data");
    b.open(f, OpenFlags.O_WRONLY | OpenFlags.O_DIRECT);
    b.write(f, 0, block);
    b.truncate(f, 1500);
    b.close(f);
    return new Pattern("O_DIRECT read-modify-write of a partial block + ftruncate, no fsync (seed 003)", b.build(),
        oldOrNew("data", old, fresh));
  }

  static Pattern mmapForce() {
    byte[] old = new byte[4096];
    Arrays.fill(old, (byte) 'o');
    byte[] page = old.clone();
    Arrays.fill(page, 0, 100, (byte) 'n'); // a small header updated through the mapping
    TraceBuilder b = TraceBuilder.create().file("map", old);
    long f = b.inode("map");
    b.pid(0); // page writeback comes from the kernel, with no handle
    b.add(m -> new TraceOp.Write(m, f, 0, 0, Payload.of(page), 0));
    b.pid(42);
    b.fsync(f); // MappedByteBuffer.force = msync(MS_SYNC): writeback + fsync
    b.marker("ack");
    return new Pattern("mmap + MappedByteBuffer.force before ack", b.build(), oldOrNew("map", old, page));
  }

  static Pattern osyncNewFile() {
    TraceBuilder b = TraceBuilder.create();
    long f = b.create(TraceBuilder.ROOT, "out", 0644, OpenFlags.O_CREAT | OpenFlags.O_WRONLY | OpenFlags.O_SYNC);
    b.write(f, 0, NEW);
    b.fsync(f); // an O_SYNC write reaches FUSE as write + fsync
    b.marker("ack");
    b.close(f);
    return new Pattern("O_SYNC / \"rwd\" writes to a new file, ack, no directory fsync", b.build(), oldOrNew("out", null, NEW));
  }

  static Pattern twoProcessesAppending() {
    TraceBuilder b = TraceBuilder.create().file("shared.log", new byte[0]);
    long log = b.inode("shared.log");
    byte[] a = record("from-A");
    byte[] c = record("from-B");
    b.pid(100);
    b.open(log, OpenFlags.O_WRONLY | OpenFlags.O_APPEND);
    b.write(log, 0, a);
    long aWrite = b.lastSeq();
    b.pid(200);
    b.write(log, a.length, c); // completes while A's fdatasync runs
    b.pid(100);
    b.startSeq(aWrite).fdatasync(log);
    b.marker("ack from-A");
    b.pid(200);
    b.fdatasync(log);
    b.marker("ack from-B");
    b.close(log);
    return new Pattern(
        "two processes appending checksummed records to one pre-existing shared file, fdatasync before each ack (seeds 000, 004)",
        b.build(), logChecker("shared.log"));
  }

  // ------------------------------------------------------------------ checkers

  /** Old or new content, and new once acknowledged; {@code old == null}: absent or empty. */
  static Checker oldOrNew(String file, byte[] old, byte[] fresh) {
    return request -> {
      Path dir = request.state();
      List<String> acked = request.acked();
      try {
        Path p = dir.resolve(file);
        byte[] now = Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
        boolean isOld = old == null ? now == null || now.length == 0 : now != null && Arrays.equals(now, old);
        boolean isNew = now != null && Arrays.equals(now, fresh);
        if (!isOld && !isNew) {
          return fail(file + " holds neither the old nor the new content: " + describe(now));
        }
        if (!acked.isEmpty() && !isNew) {
          return fail(file + " lacks the acknowledged update: " + describe(now));
        }
        return CheckResult.pass();
      } catch (IOException e) {
        return CheckResult.error(e.toString());
      }
    };
  }

  /** Records read back in order until the first that is not whole; every acked record is there. */
  static Checker logChecker(String file) {
    return request -> {
      Path dir = request.state();
      List<String> acked = request.acked();
      try {
        Path p = dir.resolve(file);
        byte[] all = Files.isRegularFile(p) ? Files.readAllBytes(p) : new byte[0];
        List<String> records = readRecords(all);
        for (String ack : acked) {
          String r = ack.substring("ack ".length());
          if (!records.contains(r)) {
            return fail("acknowledged record '" + r + "' is missing; log holds " + records);
          }
        }
        return CheckResult.pass();
      } catch (IOException e) {
        return CheckResult.error(e.toString());
      }
    };
  }

  static byte[] record(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(8 + payload.length);
    buf.putInt(payload.length).putInt(Payload.crc32c(payload, 0, payload.length)).put(payload);
    return buf.array();
  }

  static List<String> readRecords(byte[] all) {
    List<String> out = new ArrayList<>();
    ByteBuffer buf = ByteBuffer.wrap(all);
    while (buf.remaining() >= 8) {
      int len = buf.getInt();
      int crc = buf.getInt();
      if (len <= 0 || len > buf.remaining()) {
        break;
      }
      byte[] payload = new byte[len];
      buf.get(payload);
      if (Payload.crc32c(payload, 0, len) != crc) {
        break; // a torn or lost record: recovery stops here
      }
      out.add(new String(payload, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static CheckResult fail(String message) {
    return CheckResult.fail(message);
  }

  private static String describe(byte[] b) {
    if (b == null) {
      return "(missing)";
    }
    String s = new String(b, 0, Math.min(b.length, 40), StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", ".");
    return b.length + " bytes '" + s + (b.length > 40 ? "...'" : "'");
  }

  @SuppressWarnings("unused")
  private static OpMeta unused() {
    return OpMeta.of(1);
  }
}
