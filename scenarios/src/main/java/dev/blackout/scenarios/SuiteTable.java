package dev.blackout.scenarios;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The suite's table as text: scenario × model → verdict, expected verdict, crash states generated
 * / distinct / checked, violations, time; then the findings and errors; last the line {@code
 * scenarios: N, cells: M, as expected: K} ({@link SuiteResult#lastLine()}), which callers print
 * last, after anything they add.
 */
public final class SuiteTable {
  private SuiteTable() {}

  public static List<String> lines(SuiteResult r) {
    List<String> out = new ArrayList<>();
    int w = Math.max(8, r.cells().stream().mapToInt(c -> c.scenario().length()).max().orElse(8));
    String fmt = "%-" + w + "s  %-13s  %-7s  %-8s  %9s  %8s  %7s  %10s  %7s";
    out.add(String.format(Locale.ROOT, fmt, "scenario", "model", "verdict", "expected",
        "generated", "distinct", "checked", "violations", "time"));
    List<String> notes = new ArrayList<>();
    String last = "";
    for (Cell c : r.cells()) {
      String expected = c.expectation().expected().symbol() + (c.expectation().isFinding() ? "*" : "");
      String verdict = c.verdict().symbol() + (c.asExpected() ? "" : " !");
      out.add(String.format(Locale.ROOT, fmt, c.scenario().equals(last) ? "" : c.scenario(),
          c.model(), verdict, expected, c.generated(), c.distinct(), c.checked(), c.violations(),
          seconds(c.millis())));
      last = c.scenario();
      if (c.expectation().isFinding()) {
        notes.add("* " + c.scenario() + " under " + c.model() + ": predicted "
            + c.expectation().table().symbol() + " (" + c.expectation().source() + "), found "
            + c.expectation().expected().symbol() + ": " + c.expectation().finding());
      }
      if (!c.error().isEmpty()) {
        String note = "! " + c.scenario() + ": " + c.error();
        if (!notes.contains(note)) {
          notes.add(note);
        }
      } else if (!c.asExpected()) {
        notes.add("! " + c.scenario() + " under " + c.model() + ": got " + c.verdict().symbol()
            + ", expected " + c.expectation().expected().symbol()
            + c.failures().stream().findFirst().map(f -> "; e.g. " + f.explanation()).orElse(""));
      }
    }
    if (!notes.isEmpty()) {
      out.add("");
      out.addAll(notes);
    }
    out.add("time: " + seconds(r.millis()) + ", seed " + r.options().seed() + ", budget "
        + r.options().budget() + " states per cell"
        + (r.options().rename() == dev.blackout.core.model.ModelOptions.RenameMode.SPLIT
            ? ", renames split (--rename split)" : ""));
    return out;
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
