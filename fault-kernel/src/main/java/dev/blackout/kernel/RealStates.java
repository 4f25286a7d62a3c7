package dev.blackout.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The distinct states a real kernel left for one workload (files, or "does not recover", with the
 * number of acknowledgements before the crash), with where each came from and how many runs
 * produced it: runs below {@link #logRuns} are logged runs (their prefixes and reorderings), later
 * runs are power cuts.
 */
final class RealStates {
  /** One distinct state. */
  static final class Seen {
    final StateReader.Result result;
    final int acks;
    final String firstOrigin;
    final TreeSet<Integer> runs = new TreeSet<>();
    int count;

    Seen(StateReader.Result result, int acks, String firstOrigin) {
      this.result = result;
      this.acks = acks;
      this.firstOrigin = firstOrigin;
    }
  }

  private final Map<String, Seen> states = new LinkedHashMap<>();
  /** Crash states read (before deduplication). */
  int read;
  /** Runs whose states were added. */
  final TreeSet<Integer> runs = new TreeSet<>();
  /** The acknowledgement texts of the logged run, in order. */
  List<String> marks = List.of();
  int logEntries;
  /** Runs 0 .. logRuns-1 were logged runs; later runs were power cuts. */
  int logRuns;
  int logFlushes;
  int logFua;

  /** Crash states that did not mount, and that mounted but failed the read-only check. */
  int unrecoverable;
  int fsckFailures;

  void add(StateReader.Result r, int acks, String origin, int run) {
    read++;
    if (!r.recovered()) {
      unrecoverable++;
    } else if (r.fsck() != null) {
      fsckFailures++;
    }
    runs.add(run);
    Seen s = states.computeIfAbsent(r.key() + "\u0001" + acks, k -> new Seen(r, acks, origin));
    s.runs.add(run);
    s.count++;
  }

  List<Seen> all() {
    return new ArrayList<>(states.values());
  }

  int size() {
    return states.size();
  }
}
