package dev.blackout.core.model;

import dev.blackout.core.testing.TraceBuilder;
import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random workloads for model and explorer tests: files and directories created, written
 * (in place and appending), truncated, renamed (also over existing files), unlinked, synced, with
 * markers. The same seed always gives the same trace.
 */
public final class RandomWorkloads {

  private RandomWorkloads() {}

  private static final String[] NAMES = {"a", "b", "c", "db", "tmp", "log"};

  /**
   * A random trace of about {@code ops} operations.
   *
   * @param syncEach follow every op that changes something with fsync of its file and fsyncdir of
   *     the directories it touched
   */
  public static Trace random(long seed, int ops, boolean syncEach) {
    return random(seed, ops, syncEach, false);
  }

  /**
   * The same, and with {@code timed} every op completes one second after the one before (so that
   * the times effects give files and directories differ from op to op).
   */
  public static Trace random(long seed, int ops, boolean syncEach, boolean timed) {
    Random rnd = new Random(seed);
    TraceBuilder b = TraceBuilder.create().file("db", bytes(rnd, 1 + rnd.nextInt(3000))).dir("d");
    List<Long> dirs = new ArrayList<>(List.of(TraceBuilder.ROOT, b.inode("d")));
    List<Long> files = new ArrayList<>(List.of(b.inode("db")));
    int markers = 0;
    while (b.lastSeq() < ops) {
      if (timed) {
        b.time(1_000_000_000L * (b.lastSeq() + 1));
      }
      int pick = rnd.nextInt(14);
      long dir = dirs.get(rnd.nextInt(dirs.size()));
      String name = NAMES[rnd.nextInt(NAMES.length)];
      switch (pick) {
        case 0, 1 -> {
          if (b.lookup(dir, name) == 0) {
            long f = b.create(dir, name);
            files.add(f);
            sync(b, syncEach, f, dir);
          }
        }
        case 2, 3, 4, 5 -> {
          if (!files.isEmpty()) {
            long f = files.get(rnd.nextInt(files.size()));
            int len = 1 + rnd.nextInt(rnd.nextBoolean() ? 600 : 9000);
            long off = rnd.nextInt(6000);
            b.write(f, off, bytes(rnd, len));
            sync(b, syncEach, f, -1);
          }
        }
        case 6 -> {
          if (!files.isEmpty()) {
            long f = files.get(rnd.nextInt(files.size()));
            b.truncate(f, rnd.nextInt(4000));
            sync(b, syncEach, f, -1);
          }
        }
        case 7 -> {
          long src = dirs.get(rnd.nextInt(dirs.size()));
          String srcName = NAMES[rnd.nextInt(NAMES.length)];
          long moved = b.lookup(src, srcName);
          long there = b.lookup(dir, name);
          if (moved != 0 && files.contains(moved) && (there == 0 || files.contains(there))) {
            b.rename(src, srcName, dir, name);
            if (there != 0 && there != moved) {
              files.remove(there);
            }
            if (syncEach) {
              b.fsyncdir(src);
              if (src != dir) {
                b.fsyncdir(dir);
              }
            }
          }
        }
        case 8 -> {
          long there = b.lookup(dir, name);
          if (there != 0 && files.contains(there)) {
            b.unlink(dir, name);
            files.remove(there);
            sync(b, syncEach, -1, dir);
          }
        }
        case 9 -> {
          if (dir == TraceBuilder.ROOT && b.lookup(dir, name + "dir") == 0 && dirs.size() < 4) {
            long d = b.mkdir(dir, name + "dir");
            dirs.add(d);
            sync(b, syncEach, -1, dir);
          }
        }
        case 10 -> {
          if (!files.isEmpty()) {
            long f = files.get(rnd.nextInt(files.size()));
            if (rnd.nextBoolean()) {
              b.fsync(f);
            } else {
              b.fdatasync(f);
            }
          }
        }
        case 11 -> b.fsyncdir(dir);
        case 12 -> b.marker("ack " + (++markers));
        case 13 -> {
          if (!files.isEmpty()) {
            long f = files.get(rnd.nextInt(files.size()));
            if (rnd.nextBoolean()) {
              b.open(f, OpenFlags.O_WRONLY | OpenFlags.O_TRUNC);
            } else {
              b.chmod(f, 0600 | rnd.nextInt(0100));
            }
            sync(b, syncEach, f, -1);
          }
        }
        default -> throw new IllegalStateException();
      }
    }
    return b.build();
  }

  private static void sync(TraceBuilder b, boolean syncEach, long file, long dir) {
    if (!syncEach) {
      return;
    }
    if (file > 0) {
      b.fsync(file);
    }
    if (dir > 0) {
      b.fsyncdir(dir);
    }
  }

  static byte[] bytes(Random rnd, int len) {
    byte[] out = new byte[len];
    for (int i = 0; i < len; i++) {
      out[i] = (byte) ('a' + rnd.nextInt(26));
    }
    return out;
  }
}
