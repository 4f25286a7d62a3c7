package dev.blackout.core.explore;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs the user's check on one materialized crash state. Never throws: a checker failure is a
 * {@link Judgement} with outcome ERROR.
 */
@FunctionalInterface
public interface Judge {

  Judgement judge(Path state, List<String> acked, String stateId);

  /** What one check said. */
  record Judgement(Outcome outcome, String output) {
    public enum Outcome {
      PASS,
      FAIL,
      ERROR,
      TIMEOUT
    }

    public boolean passed() {
      return outcome == Outcome.PASS;
    }
  }
}
