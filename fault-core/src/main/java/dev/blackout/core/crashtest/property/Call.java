package dev.blackout.core.crashtest.property;

import java.util.ArrayList;
import java.util.List;

/**
 * One action with its arguments, as drawn or as written by hand with {@link StoreProperty#call}.
 *
 * @param action the action's name
 * @param args the arguments
 */
public record Call(String action, List<Object> args) {

  public Call {
    args = List.copyOf(args);
  }

  /** {@code put("k0", "a")}. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    args.forEach(a -> parts.add(Gen.literal(a)));
    return action + "(" + String.join(", ", parts) + ")";
  }
}
