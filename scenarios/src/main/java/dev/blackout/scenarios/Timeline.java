package dev.blackout.scenarios;

import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.Trace;
import dev.blackout.core.trace.TraceOp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trace reduced to what its picture shows: one lane per file (named by every name it had), the
 * ops that change state or order it (opens, flushes and releases left out), each with its process,
 * and the markers.
 */
final class Timeline {

  /** One file's row. */
  record Lane(long inode, String label) {}

  /**
   * One op in the picture.
   *
   * @param seq its sequence number
   * @param lane its row, or -1 for a marker
   * @param glyph one letter for its kind
   * @param text the op in words (the tooltip)
   * @param pid the process that made it (0: kernel writeback)
   * @param barrier fsync, fdatasync or fsyncdir
   */
  record Event(long seq, int lane, String glyph, String text, int pid, boolean barrier) {}

  final List<Lane> lanes;
  final List<Event> events;
  final List<Integer> pids;

  private Timeline(List<Lane> lanes, List<Event> events, List<Integer> pids) {
    this.lanes = lanes;
    this.events = events;
    this.pids = pids;
  }

  static Timeline of(Trace trace) {
    Map<Long, List<String>> names = new LinkedHashMap<>();
    Map<Long, String> initialNames = new LinkedHashMap<>();
    for (InitialImage.Entry e : trace.image().entries()) {
      initialNames.put(e.inode(), e.path().isEmpty() ? "/" : e.path());
    }
    List<Event> raw = new ArrayList<>();
    Map<Long, Integer> laneOf = new LinkedHashMap<>();
    List<Integer> pids = new ArrayList<>();
    for (TraceOp op : trace.ops()) {
      if (op.failed()) {
        continue;
      }
      if (op instanceof TraceOp.Open || op instanceof TraceOp.Flush
          || op instanceof TraceOp.Release) {
        continue;
      }
      String glyph;
      long inode;
      String text;
      boolean barrier = false;
      if (op instanceof TraceOp.Write w) {
        glyph = "W";
        inode = w.inode();
        text = "write [" + w.offset() + ", " + (w.offset() + w.data().length()) + ")";
      } else if (op instanceof TraceOp.Truncate t) {
        glyph = "T";
        inode = t.inode();
        text = "truncate to " + t.size();
      } else if (op instanceof TraceOp.Fallocate f) {
        glyph = "A";
        inode = f.inode();
        text = "fallocate [" + f.offset() + ", " + (f.offset() + f.length()) + ")";
      } else if (op instanceof TraceOp.Create c) {
        glyph = "C";
        inode = c.inode();
        name(names, initialNames, inode, c.name());
        text = "create '" + c.name() + "'";
      } else if (op instanceof TraceOp.Mkdir m) {
        glyph = "M";
        inode = m.inode();
        name(names, initialNames, inode, m.name() + "/");
        text = "mkdir '" + m.name() + "'";
      } else if (op instanceof TraceOp.Rename r) {
        glyph = "R";
        inode = r.inode();
        name(names, initialNames, inode, r.srcName());
        name(names, initialNames, inode, r.dstName());
        text = "rename '" + r.srcName() + "' -> '" + r.dstName() + "'";
      } else if (op instanceof TraceOp.Unlink u) {
        glyph = "U";
        inode = u.inode();
        name(names, initialNames, inode, u.name());
        text = "unlink '" + u.name() + "'";
      } else if (op instanceof TraceOp.Link l) {
        glyph = "L";
        inode = l.inode();
        name(names, initialNames, inode, l.name());
        text = "link '" + l.name() + "'";
      } else if (op instanceof TraceOp.Fsync f) {
        glyph = "S";
        inode = f.inode();
        barrier = true;
        text = "fsync";
      } else if (op instanceof TraceOp.Fdatasync f) {
        glyph = "F";
        inode = f.inode();
        barrier = true;
        text = "fdatasync";
      } else if (op instanceof TraceOp.Fsyncdir f) {
        glyph = "D";
        inode = f.inode();
        barrier = true;
        text = "fsyncdir";
      } else if (op instanceof TraceOp.Marker m) {
        glyph = "!";
        inode = -1;
        text = "marker '" + m.text() + "'";
      } else {
        glyph = "a";
        inode = inodeOf(op);
        text = op.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
      }
      int lane = -1;
      if (inode >= 0) {
        lane = laneOf.computeIfAbsent(inode, k -> laneOf.size());
        name(names, initialNames, inode, null);
      }
      int pid = op.meta().pid();
      if (!pids.contains(pid)) {
        pids.add(pid);
      }
      raw.add(new Event(op.seq(), lane, glyph, "#" + op.seq() + " pid " + pid + " " + text, pid,
          barrier));
    }
    List<Lane> lanes = new ArrayList<>();
    java.util.Set<String> used = new java.util.HashSet<>();
    for (Map.Entry<Long, Integer> e : laneOf.entrySet()) {
      List<String> n = names.getOrDefault(e.getKey(), List.of("ino " + e.getKey()));
      String label = String.join(" \u2192 ", n);
      if (!used.add(label)) {
        label = label + " (ino " + e.getKey() + ")"; // a later file of the same name
      }
      lanes.add(new Lane(e.getKey(), label));
    }
    return new Timeline(lanes, raw, pids);
  }

  private static void name(Map<Long, List<String>> names, Map<Long, String> initial, long inode,
      String name) {
    List<String> list = names.computeIfAbsent(inode, k -> {
      List<String> l = new ArrayList<>();
      String first = initial.get(k);
      if (first != null) {
        l.add(first);
      }
      return l;
    });
    if (name != null && (list.isEmpty() || !list.get(list.size() - 1).equals(name))) {
      list.add(name);
    }
  }

  private static long inodeOf(TraceOp op) {
    if (op instanceof TraceOp.Chmod c) {
      return c.inode();
    } else if (op instanceof TraceOp.Chown c) {
      return c.inode();
    } else if (op instanceof TraceOp.SetTimes t) {
      return t.inode();
    } else if (op instanceof TraceOp.SetXattr x) {
      return x.inode();
    } else if (op instanceof TraceOp.RemoveXattr x) {
      return x.inode();
    } else if (op instanceof TraceOp.Symlink x) {
      return x.inode();
    } else if (op instanceof TraceOp.Mknod x) {
      return x.inode();
    } else if (op instanceof TraceOp.Rmdir x) {
      return x.inode();
    }
    return -1;
  }
}
