package dev.blackout.scenarios;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs a scenario's workload in this JVM, every role at once, collecting its acks in order. */
final class Workloads {
  private Workloads() {}

  static List<String> runInProcess(Scenario s, Path dir) throws Exception {
    List<String> acks = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(s.roles().size());
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (String role : s.roles()) {
        fs.add(pool.submit(() -> {
          s.run(role, dir, acks::add);
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return List.copyOf(acks);
  }
}
