package dev.blackout.core.model;

import dev.blackout.core.image.FsImage;
import dev.blackout.core.trace.Trace;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A persistence model (design.md section 3): turns a trace into persistence units and a partial
 * order on them. Get one by name with {@link #of}; the rules of each are in docs/models.md.
 */
public final class PersistenceModel {

  /** The names {@link #of} accepts, in the order {@code blackout models} lists them. */
  public static final List<String> NAMES = List.of("prefix", "drop-unsynced", "ext4-ordered", "posix");

  private final String name;
  private final ModelOptions options;
  private final Function<ModelOptions, Rules> rules;

  private PersistenceModel(String name, ModelOptions options, Function<ModelOptions, Rules> rules) {
    this.name = name;
    this.options = options;
    this.rules = rules;
  }

  /**
   * The model called {@code name} with {@code options}.
   *
   * @throws IllegalArgumentException for an unknown name (the message lists the known ones)
   */
  public static PersistenceModel of(String name, ModelOptions options) {
    Objects.requireNonNull(options, "options");
    Function<ModelOptions, Rules> rules =
        switch (Objects.requireNonNull(name, "name")) {
          case "prefix" -> PrefixRules::new;
          case "drop-unsynced" -> DropUnsyncedRules::new;
          case "ext4-ordered" -> Ext4OrderedRules::new;
          case "posix" -> PosixRules::new;
          default -> throw new IllegalArgumentException(
              "unknown model '" + name + "'; known models: " + String.join(", ", NAMES));
        };
    return new PersistenceModel(name, options, rules);
  }

  public String name() {
    return name;
  }

  public ModelOptions options() {
    return options;
  }

  /** The torn granularity in effect: the option, or the model's default (0 = never torn). */
  public int tornBytes() {
    return options.tornBytes() >= 0 ? options.tornBytes() : rules.apply(options).defaultTornBytes();
  }

  /**
   * Cuts {@code trace} into units with this model's order and barriers, after checking that the
   * whole trace replays ({@link FsImage#checkReplayable}: crash states tolerate missing inodes, so
   * they must never meet one no op created).
   *
   * @throws dev.blackout.core.image.ImageException when an op does not replay (a damaged trace, or
   *     one the recorder should not have written), naming the op
   */
  public UnitGraph build(Trace trace) {
    FsImage.checkReplayable(trace.image(), trace.ops());
    Rules r = rules.apply(options);
    return new GraphBuilder(trace, options, r, tornBytes()).build(name);
  }

  @Override
  public String toString() {
    String flags = options.toFlags();
    return flags.isEmpty() ? name : name + " " + flags;
  }
}
