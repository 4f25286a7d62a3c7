package dev.blackout.junit.example.property;

import dev.blackout.core.crashtest.property.PropertyReport;
import dev.blackout.core.crashtest.property.Shrinker;
import dev.blackout.core.crashtest.property.StoreProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Whole-program benchmark of stateful crash properties (bench/property): for each broken example
 * store and each seed, the time from the start to the first failing sequence and to the shrunk
 * result, the sequences run, the shrinking attempts and the shrunk length; medians at the end.
 *
 * <p>Arguments: {@code [--seeds N] [--model M]} (default 5 seeds, ext4-ordered).
 */
public final class PropertyBench {
  private PropertyBench() {}

  public static void main(String[] args) throws Exception {
    int seeds = 5;
    String model = "ext4-ordered";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seeds" -> seeds = Integer.parseInt(args[++i]);
        case "--model" -> model = args[++i];
        default -> {
          System.err.println("property bench: unknown argument '" + args[i]
              + "'; give --seeds N or --model M");
          System.exit(2);
        }
      }
    }
    run("file per key, no directory fsync", Stores.files(false), seeds, model);
    run("log, acknowledged before fsync", Stores.log(false), seeds, model);
  }

  private static void run(String name, StoreProperty<?> p, int seeds, String model)
      throws Exception {
    System.out.printf(Locale.ROOT, "%s under %s%n", name, model);
    System.out.printf(Locale.ROOT, "%6s %10s %14s %16s %9s %8s%n", "seed", "sequences",
        "first failure", "shrunk result", "attempts", "actions");
    List<Double> first = new ArrayList<>();
    List<Double> shrunk = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      Path work = Files.createTempDirectory("blackout-property-bench-");
      PropertyReport r = p.run(List.of(model), seed, 100, Shrinker.Limits.DEFAULT, work, s -> s);
      dev.blackout.core.explore.Workspace.delete(work);
      if (r.passed()) {
        System.out.printf(Locale.ROOT, "%6d %10d %14s %16s%n", seed, r.sequencesRun(), "-", "-");
        continue;
      }
      double f = r.toFirstFailure().toMillis() / 1000.0;
      double s = r.toShrunk().toMillis() / 1000.0;
      first.add(f);
      shrunk.add(s);
      System.out.printf(Locale.ROOT, "%6d %10d %12.1f s %14.1f s %9d %8d%n", seed,
          r.sequencesRun(), f, s, r.shrinkAttempts(), r.shrunk().size());
    }
    System.out.printf(Locale.ROOT, "median: first failure %.1f s, shrunk result %.1f s%n%n",
        median(first), median(shrunk));
  }

  private static double median(List<Double> xs) {
    if (xs.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
