package dev.blackout.core.crashtest.property;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a workload can do to a store: its name, a generator per argument, what it does to the
 * store, its effect on the reference model (a {@code Map} of keys to values), whether returning
 * from it acknowledges every effect so far, and how often it is drawn. Immutable.
 *
 * <pre>{@code
 * Action.<MyStore>of("put", (store, args) -> store.put(args.string(0), args.string(1)))
 *     .args(Gen.keys(3), Gen.values(3))
 *     .effect((model, args) -> model.put(args.string(0), args.string(1)))
 *     .acknowledges()
 * }</pre>
 *
 * @param <S> the store type
 */
public final class Action<S> {

  /** What the action does to the store. */
  @FunctionalInterface
  public interface Op<S> {
    void apply(S store, Args args) throws Exception;
  }

  /** What the action does to the reference model. */
  @FunctionalInterface
  public interface Effect {
    void apply(Map<String, String> model, Args args);
  }

  /** The arguments of one call, in the order of the generators. */
  public record Args(List<Object> values) {
    public Args {
      values = List.copyOf(values);
    }

    public Object get(int i) {
      return values.get(i);
    }

    public String string(int i) {
      return (String) values.get(i);
    }

    public int integer(int i) {
      return (Integer) values.get(i);
    }
  }

  private final String name;
  private final List<Gen<?>> gens;
  private final Op<S> op;
  private final Effect effect;
  private final boolean acknowledges;
  private final int weight;
  private final boolean reopen;

  private Action(String name, List<Gen<?>> gens, Op<S> op, Effect effect, boolean acknowledges,
      int weight, boolean reopen) {
    this.name = name;
    this.gens = List.copyOf(gens);
    this.op = op;
    this.effect = effect;
    this.acknowledges = acknowledges;
    this.weight = weight;
    this.reopen = reopen;
  }

  /** An action named {@code name} (a Java identifier) doing {@code op}; no arguments, no effect. */
  public static <S> Action<S> of(String name, Op<S> op) {
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("action name '" + name + "' is not a Java identifier");
    }
    return new Action<>(name, List.of(), Objects.requireNonNull(op, "op"), (m, a) -> {}, false, 1,
        false);
  }

  /** Closes the store and opens it again on the same directory (recovery without a crash). */
  public static <S> Action<S> reopen() {
    return new Action<>("reopen", List.of(), (s, a) -> {}, (m, a) -> {}, false, 1, true);
  }

  /** This action with one generator per argument. */
  public Action<S> args(Gen<?>... argGens) {
    return new Action<>(name, List.of(argGens), op, effect, acknowledges, weight, reopen);
  }

  /** This action with {@code newEffect} on the reference model. */
  public Action<S> effect(Effect newEffect) {
    return new Action<>(name, gens, op, Objects.requireNonNull(newEffect, "effect"), acknowledges,
        weight, reopen);
  }

  /** This action acknowledging, when it returns, every effect so far (its own included). */
  public Action<S> acknowledges() {
    return new Action<>(name, gens, op, effect, true, weight, reopen);
  }

  /** This action drawn {@code w} times as often as an action of weight 1 (the default). */
  public Action<S> weight(int w) {
    if (w < 1) {
      throw new IllegalArgumentException("weight " + w + " of action " + name + " is not positive");
    }
    return new Action<>(name, gens, op, effect, acknowledges, w, reopen);
  }

  public String name() {
    return name;
  }

  List<Gen<?>> gens() {
    return gens;
  }

  Op<S> op() {
    return op;
  }

  Effect effect() {
    return effect;
  }

  boolean acks() {
    return acknowledges;
  }

  int weightValue() {
    return weight;
  }

  boolean isReopen() {
    return reopen;
  }
}
