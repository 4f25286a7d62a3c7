package dev.blackout.core.check;

/**
 * The one summary line {@code blackout explore} prints (design.md section 7, a contract scripts may
 * parse): {@code states: generated G, distinct D, checked C, violations V}.
 */
public final class Summary {

  private Summary() {}

  public static String line(Counts counts) {
    return counts.summaryText();
  }

  public static String line(long generated, long distinct, long checked, long violations) {
    return line(new Counts(generated, distinct, checked, violations, 0, 0));
  }
}
