package dev.blackout.scenarios;

import static dev.blackout.scenarios.HtmlReport.esc;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Draws one failing crash state over its trace as inline SVG: a row per file, ops as boxes
 * coloured by process (tooltips give each op in words), barriers as dashed blue lines across all
 * rows, acknowledgements as green diamonds, the crash point as a red line (ops after it faded),
 * lost units as red crossed boxes and torn ones as orange striped boxes.
 */
final class TimelineSvg {
  private static final int LABEL_W = 200;
  private static final int STEP = 20;
  private static final int LANE_H = 26;
  private static final int TOP = 58;
  private static final int MAX_SHOWN = 360;
  private static final String[] PALETTE = {
    "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#9c755f", "#edc948"
  };

  private TimelineSvg() {}

  static String render(Timeline t, Cell.Failure f) {
    List<Timeline.Event> ev = t.events;
    int crashIdx = -1;
    for (int i = 0; i < ev.size(); i++) {
      if (ev.get(i).seq() <= f.crashPoint()) {
        crashIdx = i;
      }
    }
    Set<Long> lost = new TreeSet<>(f.lostOps());
    Set<Long> torn = new TreeSet<>(f.tornOps());
    int from = 0;
    int to = ev.size();
    if (to - from > MAX_SHOWN) {
      int firstLost = crashIdx;
      for (int i = 0; i < ev.size(); i++) {
        if (lost.contains(ev.get(i).seq()) || torn.contains(ev.get(i).seq())) {
          firstLost = i;
          break;
        }
      }
      to = Math.min(ev.size(), crashIdx + 12);
      from = Math.max(0, Math.min(firstLost - 4, to - MAX_SHOWN));
      if (to - from > MAX_SHOWN) {
        from = to - MAX_SHOWN;
      }
    }
    int shown = to - from;
    int width = LABEL_W + shown * STEP + 40;
    int lanesBottom = TOP + t.lanes.size() * LANE_H;
    int height = lanesBottom + 74;
    StringBuilder s = new StringBuilder(8192);
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"")
        .append(Math.max(width, 760)).append("\" height=\"").append(height)
        .append("\" font-family=\"monospace\" font-size=\"11\">");
    s.append("<defs><pattern id=\"torn\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\""
        + " patternTransform=\"rotate(45)\"><rect width=\"5\" height=\"5\" fill=\"#ffe0b0\"/>"
        + "<rect width=\"2\" height=\"5\" fill=\"#f08a00\"/></pattern></defs>");
    // rows
    s.append("<text x=\"8\" y=\"").append(TOP - 14).append("\" fill=\"#2a7d2a\">acks</text>");
    for (int i = 0; i < t.lanes.size(); i++) {
      int y = TOP + i * LANE_H;
      if (i % 2 == 0) {
        s.append("<rect x=\"0\" y=\"").append(y).append("\" width=\"").append(Math.max(width, 760))
            .append("\" height=\"").append(LANE_H).append("\" fill=\"#f6f6f6\"/>");
      }
      String label = t.lanes.get(i).label();
      String shownLabel = label.length() > 27 ? "\u2026" + label.substring(label.length() - 26) : label;
      s.append("<text x=\"8\" y=\"").append(y + 17).append("\"><title>").append(esc(label))
          .append("</title>").append(esc(shownLabel)).append("</text>");
    }
    if (from > 0) {
      s.append("<text x=\"").append(LABEL_W - 4).append("\" y=\"").append(TOP - 30)
          .append("\" fill=\"#888\" text-anchor=\"end\">\u2026 ").append(from)
          .append(" earlier ops</text>");
    }
    // barriers first, under the boxes
    for (int i = from; i < to; i++) {
      Timeline.Event e = ev.get(i);
      if (e.barrier()) {
        int x = LABEL_W + (i - from) * STEP + 7;
        s.append("<line x1=\"").append(x).append("\" y1=\"").append(TOP - 22).append("\" x2=\"")
            .append(x).append("\" y2=\"").append(lanesBottom).append("\" stroke=\"#2f5fd0\"")
            .append(" stroke-dasharray=\"4,3\" stroke-width=\"1.5\"")
            .append(i > crashIdx ? " opacity=\"0.3\"" : "").append("/>");
      }
    }
    for (int i = from; i < to; i++) {
      Timeline.Event e = ev.get(i);
      int x = LABEL_W + (i - from) * STEP;
      String fade = i > crashIdx ? " opacity=\"0.3\"" : "";
      if (e.lane() < 0) {
        int cy = TOP - 18;
        s.append("<g").append(fade).append("><title>").append(esc(e.text())).append("</title>")
            .append("<path d=\"M").append(x + 7).append(' ').append(cy - 7).append(" l7 7 l-7 7 l-7 -7 z\"")
            .append(" fill=\"#2a9d2a\"/></g>");
        continue;
      }
      int y = TOP + e.lane() * LANE_H + 4;
      boolean isLost = lost.contains(e.seq()) && !e.barrier();
      boolean isTorn = torn.contains(e.seq());
      String fill = isTorn ? "url(#torn)" : isLost ? "#ffffff" : color(t, e.pid());
      String stroke = isTorn ? "#f08a00" : isLost ? "#d00000" : "#333";
      String sw = isLost || isTorn ? "2.5" : "0.6";
      s.append("<g").append(fade).append("><title>").append(esc(e.text()))
          .append(isLost ? " \u2014 LOST in this state" : "")
          .append(isTorn ? " \u2014 TORN in this state" : "").append("</title>");
      s.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"14\"")
          .append(" height=\"18\" rx=\"2\" fill=\"").append(fill).append("\" stroke=\"")
          .append(stroke).append("\" stroke-width=\"").append(sw).append("\"/>");
      s.append("<text x=\"").append(x + 7).append("\" y=\"").append(y + 13)
          .append("\" text-anchor=\"middle\" fill=\"")
          .append(isLost ? "#d00000" : isTorn ? "#000" : "#fff").append("\" font-weight=\"bold\">")
          .append(esc(e.glyph())).append("</text>");
      if (isLost || isTorn) { // keep the process visible under the highlight
        s.append("<rect x=\"").append(x + 1).append("\" y=\"").append(y + 19)
            .append("\" width=\"12\" height=\"3\" fill=\"").append(color(t, e.pid())).append("\"/>");
      }
      if (isLost) {
        s.append("<path d=\"M").append(x - 2).append(' ').append(y - 2).append(" l18 22 M")
            .append(x + 16).append(' ').append(y - 2).append(" l-18 22\" stroke=\"#d00000\"")
            .append(" stroke-width=\"1.5\"/>");
      }
      s.append("</g>");
    }
    // the crash point
    int cx = LABEL_W + (crashIdx - from + 1) * STEP - 2;
    s.append("<line x1=\"").append(cx).append("\" y1=\"").append(TOP - 34).append("\" x2=\"")
        .append(cx).append("\" y2=\"").append(lanesBottom + 4).append("\" stroke=\"#d00000\"")
        .append(" stroke-width=\"3\"/>");
    s.append("<text x=\"").append(cx + 4).append("\" y=\"").append(TOP - 36)
        .append("\" fill=\"#d00000\" font-weight=\"bold\">crash after #").append(f.crashPoint())
        .append("</text>");
    legend(s, t, lanesBottom + 22);
    return s.append("</svg>").toString();
  }

  private static void legend(StringBuilder s, Timeline t, int y) {
    int x = 8;
    for (int pid : t.pids) {
      String name = pid == 0 ? "kernel writeback" : "pid " + pid;
      s.append("<rect x=\"").append(x).append("\" y=\"").append(y - 10)
          .append("\" width=\"12\" height=\"12\" fill=\"").append(color(t, pid)).append("\"/>");
      s.append("<text x=\"").append(x + 16).append("\" y=\"").append(y).append("\">")
          .append(esc(name)).append("</text>");
      x += 24 + name.length() * 7;
    }
    s.append("<rect x=\"").append(x).append("\" y=\"").append(y - 10).append("\" width=\"12\"")
        .append(" height=\"12\" fill=\"#fff\" stroke=\"#d00000\" stroke-width=\"2\"/><text x=\"")
        .append(x + 16).append("\" y=\"").append(y).append("\">lost</text>");
    x += 60;
    s.append("<rect x=\"").append(x).append("\" y=\"").append(y - 10).append("\" width=\"12\"")
        .append(" height=\"12\" fill=\"url(#torn)\" stroke=\"#f08a00\" stroke-width=\"2\"/><text x=\"")
        .append(x + 16).append("\" y=\"").append(y).append("\">torn</text>");
    x += 60;
    s.append("<line x1=\"").append(x).append("\" y1=\"").append(y - 11).append("\" x2=\"").append(x)
        .append("\" y2=\"").append(y + 2).append("\" stroke=\"#2f5fd0\" stroke-dasharray=\"4,3\"")
        .append(" stroke-width=\"1.5\"/><text x=\"").append(x + 6).append("\" y=\"").append(y)
        .append("\">barrier</text>");
    x += 76;
    s.append("<path d=\"M").append(x + 6).append(' ').append(y - 11).append(" l6 6 l-6 6 l-6 -6 z\"")
        .append(" fill=\"#2a9d2a\"/><text x=\"").append(x + 16).append("\" y=\"").append(y)
        .append("\">ack</text>");
    x += 50;
    s.append("<text x=\"8\" y=\"").append(y + 18).append("\" fill=\"#555\">")
        .append("W write  T truncate  C create  R rename  U unlink  S fsync  F fdatasync")
        .append("  D fsyncdir  a attribute</text>");
    s.append("<text x=\"8\" y=\"").append(y + 34).append("\" fill=\"#555\">")
        .append("Hover over a box for the op in words. Ops right of the red line came after the")
        .append(" crash; faded.</text>");
  }

  private static String color(Timeline t, int pid) {
    if (pid == 0) {
      return "#8a8a8a";
    }
    int i = 0;
    for (int p : t.pids) {
      if (p == pid) {
        break;
      }
      if (p != 0) {
        i++;
      }
    }
    return PALETTE[i % PALETTE.length];
  }
}
