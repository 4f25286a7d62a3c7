package dev.blackout.scenarios;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.blackout.core.model.ModelOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run the catalog.
 *
 * @param models the models to explore each trace under, in table order
 * @param seed the seed of every exploration
 * @param budget the most distinct crash states checked per cell
 * @param jobs checks at once
 * @param work where traces, logs and failing states go (kept for the report)
 * @param workloadTimeout the longest a workload may run (null: {@link #DEFAULT_WORKLOAD_TIMEOUT};
 *     not in the JSON report)
 * @param rename how the models treat a rename (null: atomic; {@code SPLIT} is ALICE's three
 *     parts, which only {@code posix} takes)
 */
public record SuiteOptions(List<String> models, long seed, int budget, int jobs, Path work,
    @JsonIgnore Duration workloadTimeout, ModelOptions.RenameMode rename) {

  public static final int DEFAULT_BUDGET = 300;
  public static final long DEFAULT_SEED = 1;
  public static final Duration DEFAULT_WORKLOAD_TIMEOUT = Duration.ofMinutes(5);

  public SuiteOptions {
    models = List.copyOf(models);
    if (models.isEmpty()) {
      throw new IllegalArgumentException("at least one model is needed");
    }
    for (String m : models) {
      if (!Scenario.MODELS.contains(m)) {
        throw new IllegalArgumentException("unknown model '" + m + "'; known: "
            + String.join(", ", Scenario.MODELS));
      }
    }
    if (budget < 1) {
      throw new IllegalArgumentException("budget (" + budget + ") must be at least 1");
    }
    if (jobs < 1) {
      throw new IllegalArgumentException("jobs (" + jobs + ") must be at least 1");
    }
    Objects.requireNonNull(work, "work");
    workloadTimeout = workloadTimeout == null ? DEFAULT_WORKLOAD_TIMEOUT : workloadTimeout;
    rename = rename == null ? ModelOptions.RenameMode.ATOMIC : rename;
  }

  /** Options with atomic renames. */
  public SuiteOptions(List<String> models, long seed, int budget, int jobs, Path work,
      Duration workloadTimeout) {
    this(models, seed, budget, jobs, work, workloadTimeout, ModelOptions.RenameMode.ATOMIC);
  }

  /** The same options for other models. */
  public SuiteOptions withModels(List<String> other) {
    return new SuiteOptions(other, seed, budget, jobs, work, workloadTimeout, rename);
  }

  /** The model options every cell is explored with. */
  public ModelOptions modelOptions() {
    return ModelOptions.defaults().withRename(rename);
  }
}
