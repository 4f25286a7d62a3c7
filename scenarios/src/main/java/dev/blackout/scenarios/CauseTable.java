package dev.blackout.scenarios;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distinct causes behind each cell's failing states, grouped the way ALICE groups its
 * vulnerabilities: by the operations involved, not by crash state (docs/alice-comparison.md).
 * Each operation is named by its kind and file with every number in the name read as {@code N},
 * so that {@code log.1} and {@code log.4}, written by the same code, count once, as ALICE's static
 * vulnerabilities do:
 *
 * <ul>
 *   <li>durability: the last acknowledged operation that did not persist;
 *   <li>atomicity: the operation that persisted in part (or the one after which the state fails
 *       with nothing lost);
 *   <li>ordering: the earliest operation that did not persist and the later one that did (ALICE's
 *       "A must persist before B").
 * </ul>
 */
public final class CauseTable {
  private CauseTable() {}

  /** One distinct cause of a cell: its class, its key, how many failing states, an example. */
  public record Cause(String classification, String key, int states, String example,
      String checkerOutput) {}

  /** The distinct causes of {@code c}, most failing states first. */
  public static List<Cause> of(Cell c) {
    Map<String, List<Cell.Failure>> byKey = new LinkedHashMap<>();
    for (Cell.Failure f : c.failures()) {
      String key = key(f);
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
    }
    List<Cause> out = new ArrayList<>();
    for (Map.Entry<String, List<Cell.Failure>> e : byKey.entrySet()) {
      Cell.Failure ex = e.getValue().stream()
          .min(Comparator.comparingInt((Cell.Failure f) -> f.minimizedId().length())
              .thenComparing(Cell.Failure::minimizedId))
          .orElseThrow();
      out.add(new Cause(ex.classification(), e.getKey(), e.getValue().size(), ex.explanation(),
          firstLine(ex.checkerOutput())));
    }
    out.sort(Comparator.comparingInt((Cause x) -> -x.states()).thenComparing(Cause::key));
    return out;
  }

  /** The group of a failing state: its class and the operations involved. */
  static String key(Cell.Failure f) {
    if (f.classification().equals("ORDERING")) {
      String first = "";
      long firstSeq = Long.MAX_VALUE;
      for (List<String> words : List.of(f.omitted(), f.torn())) {
        for (String w : words) {
          long seq = seq(w);
          if (seq < firstSeq) {
            firstSeq = seq;
            first = op(w);
          }
        }
      }
      int at = f.explanation().indexOf(" persisted while ");
      String later = at < 0 ? "a later op" : op(f.explanation().substring(0, at));
      return "ORDERING " + first + " lost, " + later + " persisted";
    }
    String c = f.cause().isEmpty() ? f.classification() : f.cause();
    if (c.endsWith("acknowledged before written")) {
      // name the op the acknowledgement came before (a later op undid acknowledged data)
      Matcher early = EARLY.matcher(f.explanation());
      int lost = f.explanation().indexOf(" did not persist although");
      String op = early.find() ? early.group(1)
          : lost > 0 ? f.explanation().substring(0, lost) : "";
      if (!op.isEmpty()) {
        return c.replaceAll("\\d+", "N") + ": " + op(op);
      }
    }
    return c.replaceAll("\\d+", "N");
  }

  private static final Pattern SEQ = Pattern.compile("#(\\d+)");
  private static final Pattern EARLY = Pattern.compile("acknowledged (.*) before the workload");
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

  private static long seq(String words) {
    Matcher m = SEQ.matcher(words);
    return m.find() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
  }

  /** An op's words reduced to kind and files: {@code write 'zk/version-N/log.N'}. */
  static String op(String words) {
    if (words.startsWith("a later op")) {
      return "a later op";
    }
    String kind;
    if (words.startsWith("size of")) {
      kind = "size of";
    } else {
      int hash = words.indexOf(" #");
      kind = hash < 0 ? words.split(" ", 2)[0] : words.substring(0, hash);
      if (words.contains(" O_TRUNC of ")) {
        kind += " O_TRUNC";
      }
      Matcher part = Pattern.compile(" part (\\d)/3").matcher(words);
      if (part.find()) {
        kind += " part " + part.group(1) + "/3";
      }
    }
    if (words.contains(" was torn")) {
      kind = "torn " + kind;
    }
    List<String> files = new ArrayList<>();
    Matcher q = QUOTED.matcher(words);
    while (q.find()) {
      files.add("'" + q.group(1).replaceAll("\\d+", "N") + "'");
    }
    return kind + " " + String.join("→", files);
  }

  /**
   * The failing states of {@code c} by consequence: class and what the checker said, with paths
   * and numbers read as N (ALICE's Table 3(b) groups by consequence too), most states first.
   */
  public static List<Map.Entry<String, Integer>> consequences(Cell c) {
    Map<String, Integer> n = new LinkedHashMap<>();
    for (Cell.Failure f : c.failures()) {
      String said = firstLine(f.checkerOutput()).replaceAll(" \\(causes: .*", "")
          .replaceAll("/[^\\s/]+/[^\\s/]+/\\S+", "PATH").replaceAll("\\d+", "N");
      n.merge(f.classification() + "  " + said, 1, Integer::sum);
    }
    List<Map.Entry<String, Integer>> out = new ArrayList<>(n.entrySet());
    out.sort(Comparator.comparingInt((Map.Entry<String, Integer> e) -> -e.getValue())
        .thenComparing(Map.Entry::getKey));
    return out;
  }

  /** The causes of every failing cell as text, a block per cell. */
  public static List<String> lines(SuiteResult r) {
    List<String> out = new ArrayList<>();
    out.add("distinct causes (ops involved, numbers in names read as N):");
    for (Cell c : r.cells()) {
      List<Cause> causes = of(c);
      if (causes.isEmpty()) {
        continue;
      }
      out.add(c.scenario() + " under " + c.model() + ": " + causes.size() + " cause"
          + (causes.size() == 1 ? "" : "s") + " in " + c.violations() + " failing states");
      for (Cause x : causes) {
        out.add(String.format(Locale.ROOT, "  %-11s %5d  %s", x.classification(), x.states(),
            x.key()));
        out.add("                     e.g. " + x.example() + " -> " + x.checkerOutput());
      }
      out.add("  by consequence:");
      for (Map.Entry<String, Integer> e : consequences(c)) {
        out.add(String.format(Locale.ROOT, "  %5d  %s", e.getValue(), e.getKey()));
      }
    }
    return out;
  }

  private static String firstLine(String s) {
    String t = s == null ? "" : s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
