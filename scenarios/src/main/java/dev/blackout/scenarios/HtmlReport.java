package dev.blackout.scenarios;

import java.util.List;
import java.util.Locale;

/** Renders a suite run as one self-contained HTML page: the table, then every violation. */
final class HtmlReport {
  private HtmlReport() {}

  static String render(SuiteResult r) {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Blackout scenarios</title><style>").append(CSS).append("</style></head><body>\n");
    h.append("<h1>Blackout scenarios</h1>\n<p class=\"summary\">").append(esc(r.lastLine()))
        .append(" &middot; ").append(esc(SuiteTable.seconds(r.millis()))).append(" &middot; seed ")
        .append(r.options().seed()).append(" &middot; budget ").append(r.options().budget())
        .append(" states per cell</p>\n");
    table(h, r);
    for (SuiteResult.Recorded rec : r.recordings()) {
      Timeline timeline = timeline(rec);
      List<Cell> cells = r.cells().stream().filter(c -> c.scenario().equals(rec.scenario())).toList();
      h.append("<section id=\"").append(esc(rec.scenario())).append("\"><h2>")
          .append(esc(rec.scenario())).append("</h2><p>").append(esc(rec.title())).append("</p>");
      h.append("<p class=\"meta\">").append(rec.ops()).append(" operations recorded in ")
          .append(esc(SuiteTable.seconds(rec.millis()))).append(", ")
          .append(rec.roles().size()).append(" process").append(rec.roles().size() > 1 ? "es" : "")
          .append("; trace <code>").append(esc(rec.trace())).append("</code></p>");
      if (!rec.error().isEmpty()) {
        h.append("<p class=\"error\">").append(esc(rec.error())).append("</p>");
      }
      for (Cell c : cells) {
        cell(h, c, timeline);
      }
      h.append("</section>\n");
    }
    return h.append("</body></html>\n").toString();
  }

  private static void table(StringBuilder h, SuiteResult r) {
    h.append("<table class=\"grid\"><thead><tr><th>scenario</th>");
    for (String m : r.options().models()) {
      h.append("<th>").append(esc(m)).append("</th>");
    }
    h.append("</tr></thead><tbody>\n");
    for (SuiteResult.Recorded rec : r.recordings()) {
      h.append("<tr><td><a href=\"#").append(esc(rec.scenario())).append("\">")
          .append(esc(rec.scenario())).append("</a><div class=\"title\">").append(esc(rec.title()))
          .append("</div></td>");
      for (String m : r.options().models()) {
        Cell c = r.cells().stream()
            .filter(x -> x.scenario().equals(rec.scenario()) && x.model().equals(m))
            .findFirst().orElse(null);
        if (c == null) {
          h.append("<td></td>");
          continue;
        }
        String cls = c.asExpected() ? "v-" + c.verdict().name().toLowerCase(Locale.ROOT) : "bad";
        h.append("<td class=\"").append(cls).append("\" title=\"generated ").append(c.generated())
            .append(", distinct ").append(c.distinct()).append(", checked ").append(c.checked())
            .append(", violations ").append(c.violations()).append("\"><b>")
            .append(esc(c.verdict().symbol())).append("</b>");
        if (!c.asExpected()) {
          h.append(" <span class=\"exp\">expected ").append(esc(c.expectation().expected().symbol()))
              .append("</span>");
        } else if (c.expectation().isFinding()) {
          h.append(" <span class=\"exp\">predicted ")
              .append(esc(c.expectation().table().symbol())).append("</span>");
        }
        h.append("<div class=\"counts\">").append(c.checked()).append(" checked &middot; ")
            .append(c.violations()).append(" failing &middot; ")
            .append(esc(SuiteTable.seconds(c.millis()))).append("</div></td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n<p class=\"legend\"><b>ok</b> no violation &middot; <b>D</b>"
        + " durability only (an acknowledged update is missing) &middot; <b>A</b> atomicity or"
        + " ordering (a state that is neither old nor new) &middot; red: not as expected</p>\n");
  }

  private static Timeline timeline(SuiteResult.Recorded rec) {
    if (rec.trace().isEmpty()) {
      return null;
    }
    try {
      return Timeline.of(dev.blackout.core.trace.TraceReader.read(java.nio.file.Path.of(rec.trace())));
    } catch (java.io.IOException | RuntimeException e) {
      return null; // the picture needs the trace; without it the words remain
    }
  }

  private static void cell(StringBuilder h, Cell c, Timeline timeline) {
    h.append("<h3>").append(esc(c.model())).append(": ").append(esc(c.verdict().symbol()))
        .append(c.asExpected() ? " (as expected)" : " (expected " + c.expectation().expected().symbol() + ")")
        .append("</h3>");
    h.append("<p class=\"meta\">states generated ").append(c.generated()).append(", distinct ")
        .append(c.distinct()).append(", checked ").append(c.checked()).append(", failing ")
        .append(c.violations()).append("; expectation from ").append(esc(c.expectation().source()))
        .append("</p>");
    if (c.expectation().isFinding()) {
      h.append("<p class=\"finding\">Finding: predicted ")
          .append(esc(c.expectation().table().symbol())).append(". ")
          .append(esc(c.expectation().finding())).append("</p>");
    }
    if (!c.error().isEmpty()) {
      h.append("<p class=\"error\">").append(esc(c.error())).append("</p>");
    }
    int shown = 0;
    for (Cell.Failure f : c.failures()) {
      if (shown++ == 3) {
        h.append("<p class=\"meta\">").append(c.failures().size() - 3)
            .append(" more failing states in scenarios.json</p>");
        break;
      }
      h.append("<div class=\"violation\"><p><span class=\"kind\">").append(esc(f.classification()))
          .append("</span> ").append(esc(f.explanation())).append("</p>");
      if (timeline != null) {
        h.append("<div class=\"pic\">").append(TimelineSvg.render(timeline, f)).append("</div>");
      }
      h.append("<dl><dt>state</dt><dd><code>").append(esc(f.stateId()))
          .append("</code> minimized to <code>").append(esc(f.minimizedId())).append("</code></dd>");
      h.append("<dt>acknowledged</dt><dd>")
          .append(f.acked().isEmpty() ? "nothing" : esc(String.join(" | ", f.acked()))).append("</dd>");
      if (!f.omitted().isEmpty()) {
        h.append("<dt>lost</dt><dd>").append(esc(String.join("; ", f.omitted()))).append("</dd>");
      }
      if (!f.torn().isEmpty()) {
        h.append("<dt>torn</dt><dd>").append(esc(String.join("; ", f.torn()))).append("</dd>");
      }
      h.append("<dt>checker</dt><dd><pre>").append(esc(f.checkerOutput().strip())).append("</pre></dd>");
      h.append("<dt>replay</dt><dd><code>").append(esc(f.replay())).append("</code></dd>");
      if (!f.statePath().isEmpty()) {
        h.append("<dt>kept at</dt><dd><code>").append(esc(f.statePath())).append("</code></dd>");
      }
      h.append("</dl></div>");
    }
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }

  private static final String CSS = String.join("\n",
      "body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d1d1f;max-width:1300px}",
      "h1{margin:0 0 4px}h2{margin-top:36px;border-bottom:1px solid #ddd}h3{margin:18px 0 4px}",
      ".summary{font-size:16px}.meta,.legend,.title,.counts{color:#666;font-size:12px}",
      "table.grid{border-collapse:collapse}table.grid td,table.grid th{border:1px solid #ccc;",
      "padding:6px 10px;vertical-align:top}table.grid th{background:#f3f3f3}",
      "td.v-ok{background:#e3f5e1}td.v-d{background:#fff4d6}td.v-a{background:#fde2e1}",
      "td.bad{background:#d7263d;color:#fff}td.bad .counts{color:#fee}td b{font-size:16px}",
      ".exp{font-size:11px}.finding{background:#eef3ff;padding:6px 10px;border-left:3px solid #4a6cd4}",
      ".error{color:#b00}.violation{border:1px solid #e0c0c0;border-radius:4px;padding:4px 12px;",
      "margin:8px 0}.kind{background:#b00;color:#fff;padding:1px 6px;border-radius:3px;font-size:12px}",
      "dl{display:grid;grid-template-columns:110px 1fr;gap:2px 8px}dt{color:#666}dd{margin:0}",
      "pre{margin:0;white-space:pre-wrap;font-size:12px}code{font-size:12px}",
      ".pic{overflow-x:auto;margin:6px 0;border:1px solid #eee}");
}
