package dev.blackout.junit;

import dev.blackout.core.crashtest.CrashScenario;
import dev.blackout.core.explore.Strategy;
import dev.blackout.core.model.ModelOptions;
import dev.blackout.core.model.PersistenceModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The settings of one crash test, resolved in this order: the system property (or the JUnit
 * configuration parameter of the same name), then the {@link CrashTest} attribute, then the
 * default. Jobs and the check timeout come from the property or the scenario. Every bad value is a
 * one-line {@link IllegalArgumentException} naming the property.
 *
 * @param models the models, one invocation each ({@code blackout.models=prefix,posix})
 * @param budget distinct states per model ({@code blackout.budget=5000})
 * @param strategy the strategies ({@code blackout.strategy=default})
 * @param seed the seed ({@code blackout.seed=42})
 * @param jobs checks at once, 0 for the scenario's ({@code blackout.jobs=2})
 * @param exhaustive check every state ({@code blackout.exhaustive=true})
 * @param trace a kept trace to explore instead of recording ({@code blackout.trace=PATH}), or null
 * @param evidenceBase where evidence goes ({@code blackout.evidence=DIR})
 * @param keepTraces keep the trace of passing tests too ({@code blackout.keepTraces=true})
 * @param fromProperties the names of the settings a property gave (for the rerun command)
 */
record Settings(List<String> models, int budget, String strategy, long seed, int jobs,
    boolean exhaustive, Path trace, Path evidenceBase, boolean keepTraces,
    List<String> fromProperties) {

  static final String MODELS = "blackout.models";
  static final String BUDGET = "blackout.budget";
  static final String STRATEGY = "blackout.strategy";
  static final String SEED = Seeds.PROPERTY;
  static final String JOBS = "blackout.jobs";
  static final String EXHAUSTIVE = "blackout.exhaustive";
  static final String TRACE = "blackout.trace";
  static final String EVIDENCE = "blackout.evidence";
  static final String KEEP_TRACES = "blackout.keepTraces";
  static final String TRIES = "blackout.tries";

  /** The system properties, for code without a JUnit extension context. */
  static Function<String, Optional<String>> systemProperties() {
    return name -> Optional.ofNullable(System.getProperty(name));
  }

  /** What an annotation gives, before properties. */
  record Defaults(List<String> models, int budget, String strategy, long seed,
      boolean exhaustive) {
    static final Defaults NONE = new Defaults(List.of("ext4-ordered"),
        CrashScenario.DEFAULT_BUDGET, "default", 0, false);

    static Defaults of(CrashTest a) {
      return a == null ? NONE
          : new Defaults(List.of(a.models()), a.budget(), a.strategy(), a.seed(), a.exhaustive());
    }

    static Defaults of(CrashProperty a) {
      return new Defaults(List.of(a.models()), a.budget(), a.strategy(), a.seed(), false);
    }
  }

  /** Resolves the settings of a {@code @CrashTest} ({@code annotation} null: the defaults). */
  static Settings resolve(Function<String, Optional<String>> props, CrashTest annotation) {
    return resolve(props, Defaults.of(annotation));
  }

  /** Resolves the settings over {@code d}. */
  static Settings resolve(Function<String, Optional<String>> props, Defaults d) {
    List<String> from = new ArrayList<>();
    Optional<String> p = value(props, MODELS, from);
    List<String> models = p.isPresent() ? models(p.get()) : d.models();
    int budget = value(props, BUDGET, from).map(v -> positive(BUDGET, v, "5000")).orElse(d.budget());
    String strategy = value(props, STRATEGY, from).map(Settings::strategy).orElse(d.strategy());
    OptionalLong s = value(props, SEED, from).map(Seeds::parse).orElse(OptionalLong.empty());
    long seed = s.isPresent() ? s.getAsLong() : d.seed();
    int jobs = value(props, JOBS, from).map(v -> positive(JOBS, v, "2")).orElse(0);
    Optional<String> ex = props.apply(EXHAUSTIVE);
    ex.ifPresent(x -> from.add(EXHAUSTIVE));
    boolean exhaustive = ex.map(v -> bool(EXHAUSTIVE, v)).orElse(d.exhaustive());
    Path trace = props.apply(TRACE).filter(v -> !v.isBlank()).map(v -> Path.of(v.trim()))
        .orElse(null);
    Path evidence = props.apply(EVIDENCE).filter(v -> !v.isBlank())
        .map(v -> evidence(v.trim())).orElseGet(Settings::defaultEvidence);
    boolean keep = props.apply(KEEP_TRACES).map(v -> bool(KEEP_TRACES, v)).orElse(false);
    return new Settings(models, budget, strategy, seed, jobs, exhaustive, trace,
        evidence.toAbsolutePath(), keep, List.copyOf(from));
  }

  /** {@code -Dblackout.tries=N}, else {@code annotationTries}. */
  static int tries(Function<String, Optional<String>> props, int annotationTries) {
    return props.apply(TRIES).filter(v -> !v.isBlank())
        .map(v -> positive(TRIES, v.trim(), "500")).orElse(annotationTries);
  }

  /** {@code scenario} under {@code model} with these settings (they replace the scenario's). */
  CrashScenario apply(CrashScenario scenario, String model) {
    CrashScenario s = scenario.models(model).budget(budget).strategy(strategy).seed(seed);
    if (jobs > 0) {
      s = s.jobs(jobs);
    }
    if (exhaustive) {
      s = s.exhaustive();
      if (fromProperties.contains(BUDGET)) {
        s = s.budget(budget);
      }
    }
    return s;
  }

  /**
   * {@code scenario} with only the settings properties gave (for tests without an annotation,
   * where the scenario's own settings come next).
   */
  CrashScenario applyProperties(CrashScenario scenario) {
    CrashScenario s = scenario;
    if (fromProperties.contains(MODELS)) {
      s = s.models(models.toArray(new String[0]));
    }
    if (fromProperties.contains(BUDGET)) {
      s = s.budget(budget);
    }
    if (fromProperties.contains(STRATEGY)) {
      s = s.strategy(strategy);
    }
    if (jobs > 0) {
      s = s.jobs(jobs);
    }
    if (exhaustive) {
      s = s.exhaustive();
      if (fromProperties.contains(BUDGET)) {
        s = s.budget(budget);
      }
    }
    return s;
  }

  /**
   * The {@code -D} flags that give a rerun of {@code model} these settings on the kept trace
   * {@code keptTrace}: the trace, the model, and what came from properties.
   */
  String rerunFlags(String model, Path keptTrace) {
    StringBuilder b = new StringBuilder("-D" + TRACE + "=" + keptTrace + " -D" + MODELS + "=" + model);
    if (fromProperties.contains(SEED)) {
      b.append(" -D").append(SEED).append('=').append(seed);
    }
    if (fromProperties.contains(BUDGET)) {
      b.append(" -D").append(BUDGET).append('=').append(budget);
    }
    if (fromProperties.contains(STRATEGY)) {
      b.append(" -D").append(STRATEGY).append('=').append(strategy);
    }
    if (fromProperties.contains(EXHAUSTIVE)) {
      b.append(" -D").append(EXHAUSTIVE).append('=').append(exhaustive);
    }
    return b.toString();
  }

  /**
   * {@code target/blackout} of the project under test: Maven's {@code basedir} (surefire and
   * failsafe set it), else the working directory when it holds a {@code pom.xml}; {@code
   * build/blackout} beside a Gradle build; else {@code blackout} under {@code java.io.tmpdir}.
   */
  static Path defaultEvidence() {
    String basedir = System.getProperty("basedir");
    if (basedir != null && !basedir.isBlank()) {
      return Path.of(basedir, "target", "blackout");
    }
    Path here = Path.of("").toAbsolutePath();
    if (Files.exists(here.resolve("pom.xml"))) {
      return here.resolve("target").resolve("blackout");
    }
    if (Files.exists(here.resolve("build.gradle")) || Files.exists(here.resolve("build.gradle.kts"))) {
      return here.resolve("build").resolve("blackout");
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "blackout");
  }

  private static Optional<String> value(Function<String, Optional<String>> props, String name,
      List<String> from) {
    Optional<String> v = props.apply(name).filter(s -> !s.isBlank()).map(String::trim);
    v.ifPresent(x -> from.add(name));
    return v;
  }

  private static List<String> models(String text) {
    List<String> out = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String m = part.trim();
      try {
        PersistenceModel.of(m, ModelOptions.defaults());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("-D" + MODELS + "=" + text + ": " + e.getMessage());
      }
      if (!out.contains(m)) {
        out.add(m);
      }
    }
    return List.copyOf(out);
  }

  private static String strategy(String text) {
    try {
      Strategy.parseList(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("-D" + STRATEGY + "=" + text + ": " + e.getMessage());
    }
    return text;
  }

  private static int positive(String name, String text, String example) {
    try {
      int n = Integer.parseInt(text);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException("-D" + name + "=" + text + " is not a positive whole number;"
        + " give e.g. -D" + name + "=" + example);
  }

  /** {@code -Dblackout.evidence=DIR}: a directory, or a path whose first existing ancestor is one. */
  private static Path evidence(String text) {
    Path dir = Path.of(text).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (java.nio.file.Files.exists(p)) {
        if (!java.nio.file.Files.isDirectory(p)) {
          throw new IllegalArgumentException("-D" + EVIDENCE + "=" + text + ": " + p
              + " is not a directory; give a directory (it is created if missing)");
        }
        return dir;
      }
    }
    return dir;
  }

  private static boolean bool(String name, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("true") || t.isEmpty()) {
      return true;
    }
    if (t.equals("false")) {
      return false;
    }
    throw new IllegalArgumentException("-D" + name + "=" + text + " is neither true nor false");
  }
}
