package dev.blackout.core.check;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a checker is asked to judge: one materialized crash state and what the application had
 * acknowledged before the crash.
 *
 * @param state the directory holding the crash state (the checker may modify it: that is what a
 *     recovery does)
 * @param acked the markers issued before the crash point, in trace order (possibly empty)
 * @param stateId the printable id of the state ({@code blackout replay --state ID} rebuilds it)
 * @param model the persistence model that produced the state (e.g. {@code ext4-ordered})
 */
public record CheckRequest(Path state, List<String> acked, String stateId, String model) {

  public CheckRequest {
    Objects.requireNonNull(state, "state");
    acked = List.copyOf(Objects.requireNonNull(acked, "acked"));
    Objects.requireNonNull(stateId, "stateId");
    Objects.requireNonNull(model, "model");
  }

  /** The last acknowledged marker, or the empty string when nothing was acknowledged. */
  public String lastAck() {
    return acked.isEmpty() ? "" : acked.get(acked.size() - 1);
  }
}
