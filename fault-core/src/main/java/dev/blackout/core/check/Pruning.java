package dev.blackout.core.check;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What crash-point pruning (design.md section 4) saved in one run.
 *
 * @param crashPoints op boundaries in the trace (possible crash points)
 * @param visited crash points explored
 * @param saved crash points skipped because a later point is at least as strict ({@code crashPoints
 *     - visited}; 0 with {@code --no-prune})
 */
@JsonPropertyOrder({"crashPoints", "visited", "saved"})
public record Pruning(long crashPoints, long visited, long saved) {

  public Pruning {
    if (crashPoints < 0 || visited < 0 || saved < 0 || visited + saved != crashPoints) {
      throw new IllegalArgumentException(
          "pruning counts must be non-negative with visited + saved = crashPoints: visited "
              + visited
              + ", saved "
              + saved
              + ", crashPoints "
              + crashPoints);
    }
  }

  public static Pruning of(long crashPoints, long visited) {
    return new Pruning(crashPoints, visited, crashPoints - visited);
  }
}
