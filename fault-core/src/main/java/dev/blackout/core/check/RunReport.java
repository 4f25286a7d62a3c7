package dev.blackout.core.check;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One exploration run as written in report.json by {@link ReportJson}: what was explored, how, what
 * it cost, and every violation.
 *
 * @param formatVersion the report format ({@link ReportJson#FORMAT_VERSION})
 * @param trace the trace file explored, as given
 * @param model the persistence model
 * @param options the other exploration options by flag name (strategy, torn, rename, device-cache,
 *     timeout, jobs, prune...), kept sorted by name
 * @param seed the seed every random choice came from
 * @param budget the state budget, or null when unbounded
 * @param shard the shard this run covered ({@code I/N}, {@code 1/1} for a whole run)
 * @param counts generated / distinct / checked / violations
 * @param pruning the crash points pruning saved
 * @param durationMillis wall-clock time of the run
 * @param violations every violation found, in state order
 */
@JsonPropertyOrder({
  "formatVersion",
  "trace",
  "model",
  "options",
  "seed",
  "budget",
  "shard",
  "counts",
  "pruning",
  "durationMillis",
  "violations"
})
public record RunReport(
    int formatVersion,
    String trace,
    String model,
    Map<String, String> options,
    long seed,
    Long budget,
    String shard,
    Counts counts,
    Pruning pruning,
    long durationMillis,
    List<ViolationReport> violations) {

  public RunReport {
    Objects.requireNonNull(trace, "trace");
    Objects.requireNonNull(model, "model");
    options =
        options == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(options));
    if (budget != null && budget < 0) {
      throw new IllegalArgumentException("budget (" + budget + ") must not be negative");
    }
    shard = shard == null ? Shard.ALL.toString() : Shard.parse(shard).toString();
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(pruning, "pruning");
    if (durationMillis < 0) {
      throw new IllegalArgumentException(
          "durationMillis (" + durationMillis + ") must not be negative");
    }
    violations = violations == null ? List.of() : List.copyOf(violations);
  }

  /** A report in the current format. */
  public static RunReport of(
      String trace,
      String model,
      Map<String, String> options,
      long seed,
      Long budget,
      Shard shard,
      Counts counts,
      Pruning pruning,
      long durationMillis,
      List<ViolationReport> violations) {
    return new RunReport(
        ReportJson.FORMAT_VERSION,
        trace,
        model,
        options,
        seed,
        budget,
        shard.toString(),
        counts,
        pruning,
        durationMillis,
        violations);
  }
}
