package dev.blackout.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Rebuilds crash states from a dm-log-writes log: a copy of the file system as it was at the
 * workload's start (the fresh file system plus the log up to {@link GuestRun#START_MARK}) with a
 * set of later entries applied in log order.
 *
 * <ul>
 *   <li>{@link #prefixes}: every prefix of the log: a power cut on a disk without a volatile
 *       cache, between two completed writes.
 *   <li>{@link #reorderings}: seeded random subsets of the writes a volatile cache may still hold:
 *       everything before the last FLUSH is durable, FUA writes are durable when logged, any
 *       subset of the other writes since that FLUSH may have reached the disk.
 * </ul>
 */
final class Replay {
  /** A state to build: the entries applied, with the acknowledgements before the cut. */
  record Cut(int end, BitSet applied, int acks, String origin) {}

  final LogWrites log;
  final int start;
  private final Path initial;
  private final long[] initialChunks;
  private final long size;
  private final byte[][] data;

  private Replay(LogWrites log, int start, Path initial, long[] initialChunks, long size, byte[][] data) {
    this.log = log;
    this.start = start;
    this.initial = initial;
    this.initialChunks = initialChunks;
    this.size = size;
    this.data = data;
  }

  /** Prepares the replay of {@code log} onto {@code pristine} (an image of {@code size} bytes). */
  static Replay of(LogWrites log, Path pristine, long[] pristineChunks, long size, Path work) throws IOException {
    int start = log.indexOfMark(GuestRun.START_MARK);
    if (start < 0) {
      throw new CalibrationException("the log in " + log.file + " has no '" + GuestRun.START_MARK + "' mark: the guest never started the workload");
    }
    byte[][] data = new byte[log.entries.size()][];
    for (LogWrites.Entry e : log.entries) {
      if (e.writesData() && !e.is(LogWrites.DISCARD)) {
        data[e.index()] = log.data(e);
      }
    }
    Path initial = work.resolve("initial.img");
    SparseFile.copy(pristine, 0, size, pristineChunks, initial, 0, size, true);
    Replay r = new Replay(log, start, initial, new long[0], size, data);
    try (FileChannel ch = FileChannel.open(initial, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      for (int i = 0; i < start; i++) {
        r.apply(ch, log.entries.get(i));
      }
    }
    return new Replay(log, start, initial, SparseFile.dataChunks(initial, 0, size), size, data);
  }

  /** The image the workload started from (do not modify). */
  Path initial() {
    return initial;
  }

  /** Number of acknowledgement marks among entries {@code [start, end)}. */
  int acksBefore(int end) {
    int n = 0;
    for (int i = start; i < end; i++) {
      LogWrites.Entry e = log.entries.get(i);
      if (isAck(e)) {
        n++;
      }
    }
    return n;
  }

  /** Whether {@code e} is an acknowledgement: the guest's {@code blackout mark} writes {@code a=HEX}. */
  static boolean isAck(LogWrites.Entry e) {
    return e.is(LogWrites.MARK) && e.mark() != null && e.mark().matches("a=([0-9a-f]{2})*");
  }

  /** The acknowledgement texts in the log, in order. */
  List<String> marks() {
    List<String> out = new ArrayList<>();
    for (int i = start; i < log.entries.size(); i++) {
      LogWrites.Entry e = log.entries.get(i);
      if (isAck(e)) {
        out.add(new String(java.util.HexFormat.of().parseHex(e.mark().substring(2)), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /**
   * Every prefix from the start mark to the end, skipping those whose image equals the previous
   * one (a mark, an empty flush, a write of the bytes already there) unless the acknowledgements
   * differ: those share the previous image.
   */
  List<Cut> prefixes() throws IOException {
    List<Cut> out = new ArrayList<>();
    int n = log.entries.size();
    BitSet applied = new BitSet();
    for (int end = start + 1; end <= n; end++) {
      if (end > start + 1) {
        applied.set(end - 1);
      }
      out.add(new Cut(end, (BitSet) applied.clone(), acksBefore(end),
          "log entry " + (end - 1) + " of " + n + " (" + log.entries.get(end - 1) + ")"));
    }
    return out;
  }

  /** Whether applying entry {@code i} leaves the image as it was (no data, or the same bytes). */
  boolean changesNothing(int i, Path image) throws IOException {
    LogWrites.Entry e = log.entries.get(i);
    if (!e.writesData()) {
      return true;
    }
    if (e.is(LogWrites.DISCARD)) {
      return false;
    }
    byte[] now = new byte[data[i].length];
    try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.wrap(now);
      while (b.hasRemaining() && ch.read(b, e.sector() * log.sectorSize + b.position()) >= 0) {
        // read on
      }
    }
    return Arrays.equals(now, data[i]);
  }

  /** Up to {@code count} random cuts inside flush epochs that are not prefixes, from {@code seed}. */
  List<Cut> reorderings(int count, long seed) {
    List<Cut> out = new ArrayList<>();
    if (count <= 0) {
      return out;
    }
    Random rnd = new Random(seed);
    int n = log.entries.size();
    Set<String> seen = new HashSet<>();
    for (int attempt = 0; attempt < count * 20 && out.size() < count; attempt++) {
      int end = start + 1 + rnd.nextInt(n - start);
      int flush = start;
      for (int i = end - 1; i > start; i--) {
        if (log.entries.get(i).is(LogWrites.FLUSH)) {
          flush = i;
          break;
        }
      }
      BitSet applied = new BitSet();
      if (flush > start + 1) {
        applied.set(start + 1, flush);
      }
      List<Integer> volatileWrites = new ArrayList<>();
      for (int i = Math.max(flush, start + 1); i < end; i++) {
        LogWrites.Entry e = log.entries.get(i);
        if (!e.writesData()) {
          applied.set(i);
        } else if (e.is(LogWrites.FUA)) {
          applied.set(i);
        } else {
          volatileWrites.add(i);
        }
      }
      if (volatileWrites.size() < 2) {
        continue;
      }
      double keep = 0.2 + 0.6 * rnd.nextDouble();
      boolean prefix = true;
      boolean dropped = false;
      for (int i : volatileWrites) {
        if (rnd.nextDouble() < keep) {
          applied.set(i);
          if (dropped) {
            prefix = false;
          }
        } else {
          dropped = true;
        }
      }
      if (prefix || !seen.add(end + ":" + applied)) {
        continue;
      }
      int kept = 0;
      for (int i : volatileWrites) {
        kept += applied.get(i) ? 1 : 0;
      }
      out.add(new Cut(end, applied, acksBefore(end), "log entries " + (flush) + ".." + (end - 1) + " reordered (" + kept
          + " of " + volatileWrites.size() + " cached writes since the flush at entry " + flush + " kept)"));
    }
    return out;
  }

  /**
   * A key equal for cuts that build the same image: which entry last wrote each sector (entries
   * applied in log order). Cuts with equal keys need one recovery between them.
   */
  String imageKey(Cut cut) {
    java.util.TreeMap<Long, Integer> owner = new java.util.TreeMap<>();
    for (int i = cut.applied().nextSetBit(0); i >= 0 && i < cut.end(); i = cut.applied().nextSetBit(i + 1)) {
      LogWrites.Entry e = log.entries.get(i);
      if (e.writesData()) {
        for (long x = e.sector(); x < e.sector() + e.sectors(); x++) {
          owner.put(x, e.is(LogWrites.DISCARD) ? -1 : i);
        }
      }
    }
    StringBuilder k = new StringBuilder();
    long runStart = -1;
    long prev = -2;
    int prevOwner = 0;
    for (java.util.Map.Entry<Long, Integer> e : owner.entrySet()) {
      if (e.getKey() != prev + 1 || e.getValue() != prevOwner) {
        if (runStart >= 0) {
          k.append(runStart).append('-').append(prev).append(':').append(prevOwner).append(',');
        }
        runStart = e.getKey();
      }
      prev = e.getKey();
      prevOwner = e.getValue();
    }
    if (runStart >= 0) {
      k.append(runStart).append('-').append(prev).append(':').append(prevOwner);
    }
    return k.toString();
  }

  /** Builds the image of {@code cut} at {@code target}. */
  void build(Cut cut, Path target) throws IOException {
    SparseFile.copy(initial, 0, size, initialChunks, target, 0, size, true);
    try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      for (int i = cut.applied().nextSetBit(0); i >= 0 && i < cut.end(); i = cut.applied().nextSetBit(i + 1)) {
        apply(ch, log.entries.get(i));
      }
    }
  }

  private void apply(FileChannel ch, LogWrites.Entry e) throws IOException {
    if (!e.writesData()) {
      return;
    }
    long at = e.sector() * log.sectorSize;
    if (e.is(LogWrites.DISCARD)) {
      long len = e.sectors() * log.sectorSize;
      ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(len, 1 << 20));
      for (long off = 0; off < len; off += zeros.capacity()) {
        zeros.clear();
        zeros.limit((int) Math.min(zeros.capacity(), len - off));
        while (zeros.hasRemaining()) {
          ch.write(zeros, at + off + zeros.position());
        }
      }
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(data[e.index()]);
    while (b.hasRemaining()) {
      ch.write(b, at + b.position());
    }
  }

  /** Deletes the work files. */
  void close() throws IOException {
    Files.deleteIfExists(initial);
  }
}
