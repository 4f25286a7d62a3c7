package dev.blackout.core.crashtest.property;

import dev.blackout.core.crashtest.CrashScenario;
import dev.blackout.core.crashtest.Markers;
import dev.blackout.core.crashtest.StateCheck;
import dev.blackout.core.crashtest.Workload;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A stateful crash property of a key-value store: how to open it on a directory and read it back
 * as a map, the actions a workload may take, and what each does to a reference model (a {@code
 * Map}). Blackout draws sequences of actions from a seed, records each once, explores its crash
 * states, and checks each against the reference model restricted to what was acknowledged (the
 * check is derived: {@link #check}); a failing sequence is shrunk to a smallest one that still
 * fails ({@link #run}). Immutable; every {@code with}-style method returns a copy.
 *
 * <pre>{@code
 * static final StoreProperty<MyStore> STORE = StoreProperty.of("my store", MyStore::open, MyStore::readAll)
 *     .action(Action.<MyStore>of("put", (s, a) -> s.put(a.string(0), a.string(1)))
 *         .args(Gen.keys(3), Gen.values(3))
 *         .effect((m, a) -> m.put(a.string(0), a.string(1))).acknowledges())
 *     .action(Action.<MyStore>of("delete", (s, a) -> s.delete(a.string(0)))
 *         .args(Gen.keys(3)).effect((m, a) -> m.remove(a.string(0))).acknowledges());
 * }</pre>
 *
 * @param <S> the store type; closed with {@link AutoCloseable#close} unless {@link #close} says
 *     otherwise
 */
public final class StoreProperty<S> {

  /** Opens (and recovers) the store kept in {@code dir}. */
  @FunctionalInterface
  public interface Opener<S> {
    S open(Path dir) throws Exception;
  }

  /** Reads the whole store as a map of keys to values. */
  @FunctionalInterface
  public interface Reader<S> {
    Map<String, String> read(S store) throws Exception;
  }

  /** Closes the store. */
  @FunctionalInterface
  public interface Closer<S> {
    void close(S store) throws Exception;
  }

  /** The prefix of the markers of acknowledging actions: {@code ack 3: put("k0", "a")}. */
  static final String ACK = "ack ";

  private final String name;
  private final Opener<S> opener;
  private final Reader<S> reader;
  private final Closer<S> closer;
  private final List<Action<S>> actions;
  private final int minLength;
  private final int maxLength;
  private final String javaName;

  private StoreProperty(String name, Opener<S> opener, Reader<S> reader, Closer<S> closer,
      List<Action<S>> actions, int minLength, int maxLength, String javaName) {
    this.name = name;
    this.opener = opener;
    this.reader = reader;
    this.closer = closer;
    this.actions = List.copyOf(actions);
    this.minLength = minLength;
    this.maxLength = maxLength;
    this.javaName = javaName;
  }

  /**
   * A property named {@code name} of the store {@code open} opens on a directory and {@code read}
   * reads back; no actions yet, sequences of 1 to 8 actions.
   */
  public static <S> StoreProperty<S> of(String name, Opener<S> open, Reader<S> read) {
    return new StoreProperty<>(Objects.requireNonNull(name, "name"),
        Objects.requireNonNull(open, "open"), Objects.requireNonNull(read, "read"),
        StoreProperty::closeIfCloseable, List.of(), 1, 8, "STORE");
  }

  private static void closeIfCloseable(Object store) throws Exception {
    if (store instanceof AutoCloseable c) {
      c.close();
    }
  }

  /** This property closing the store with {@code close}. */
  public StoreProperty<S> close(Closer<S> close) {
    return new StoreProperty<>(name, opener, reader, Objects.requireNonNull(close, "close"),
        actions, minLength, maxLength, javaName);
  }

  /** This property with one more action. */
  public StoreProperty<S> action(Action<S> action) {
    for (Action<S> a : actions) {
      if (a.name().equals(action.name())) {
        throw new IllegalArgumentException("two actions are named " + action.name());
      }
    }
    List<Action<S>> more = new ArrayList<>(actions);
    more.add(action);
    return new StoreProperty<>(name, opener, reader, closer, more, minLength, maxLength, javaName);
  }

  /** This property drawing sequences of {@code min} to {@code max} actions. */
  public StoreProperty<S> length(int min, int max) {
    if (min < 1 || max < min) {
      throw new IllegalArgumentException("length(" + min + ", " + max
          + "): give 1 <= min <= max");
    }
    return new StoreProperty<>(name, opener, reader, closer, actions, min, max, javaName);
  }

  /**
   * This property printed as {@code javaName} in the pasteable test of a shrunk failure (the
   * constant the user keeps it in; default {@code STORE}).
   */
  public StoreProperty<S> javaName(String newJavaName) {
    String id = "[A-Za-z_$][A-Za-z0-9_$]*";
    if (newJavaName == null || !newJavaName.matches(id + "(\\." + id + ")*")) {
      throw new IllegalArgumentException("javaName '" + newJavaName + "' is not a Java name (a"
          + " constant such as STORE or Stores.FILES)");
    }
    return new StoreProperty<>(name, opener, reader, closer, actions, minLength, maxLength,
        newJavaName);
  }

  public String name() {
    return name;
  }

  String javaName() {
    return javaName;
  }

  /**
   * A call of action {@code action} with {@code args}, for writing a sequence by hand (as the
   * pasteable test of a shrunk failure does).
   *
   * @throws IllegalArgumentException for an unknown action or the wrong number of arguments
   */
  public Call call(String action, Object... args) {
    Action<S> a = action(action);
    if (a.gens().size() != args.length) {
      throw new IllegalArgumentException("action " + action + " takes " + a.gens().size()
          + " argument" + (a.gens().size() == 1 ? "" : "s") + ", not " + args.length);
    }
    return new Call(action, Arrays.asList(args));
  }

  Action<S> action(String action) {
    for (Action<S> a : actions) {
      if (a.name().equals(action)) {
        return a;
      }
    }
    List<String> names = new ArrayList<>();
    actions.forEach(a -> names.add(a.name()));
    throw new IllegalArgumentException("no action " + action + " in property '" + name
        + "'; its actions: " + String.join(", ", names));
  }

  /** A sequence drawn from {@code random}: its length, then each action by weight and its args. */
  public List<Call> draw(Random random) {
    if (actions.isEmpty()) {
      throw new IllegalStateException("property '" + name + "' has no actions; add some with"
          + " action(...)");
    }
    int total = actions.stream().mapToInt(Action::weightValue).sum();
    int n = minLength + random.nextInt(maxLength - minLength + 1);
    List<Call> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int pick = random.nextInt(total);
      Action<S> chosen = actions.get(0);
      for (Action<S> a : actions) {
        if (pick < a.weightValue()) {
          chosen = a;
          break;
        }
        pick -= a.weightValue();
      }
      List<Object> args = new ArrayList<>();
      for (Gen<?> g : chosen.gens()) {
        args.add(g.draw(random));
      }
      out.add(new Call(chosen.name(), args));
    }
    return out;
  }

  /** The crash test of one sequence: the recorded workload and the derived check. */
  public CrashScenario scenario(Call... calls) {
    return scenario(List.of(calls));
  }

  /** The crash test of one sequence: the recorded workload and the derived check. */
  public CrashScenario scenario(List<Call> calls) {
    List<Call> seq = List.copyOf(calls);
    seq.forEach(c -> call(c.action(), c.args().toArray()));
    return CrashScenario.of(workload(seq), check(seq));
  }

  /**
   * The workload of {@code calls}: opens the store in the recorded directory, runs each call, and
   * after each acknowledging one marks {@code ack I: CALL} (I counted from 1); closes the store.
   */
  public Workload workload(List<Call> calls) {
    return (dir, markers) -> run(dir, markers, calls);
  }

  private void run(Path dir, Markers markers, List<Call> calls) throws Exception {
    S store;
    try {
      store = opener.open(dir);
    } catch (Exception e) {
      throw new ActionException(0, "opening the store", e);
    }
    Exception failed = null;
    try {
      for (int i = 0; i < calls.size(); i++) {
        Call c = calls.get(i);
        Action<S> a = action(c.action());
        try {
          if (a.isReopen()) {
            S old = store;
            store = null;
            closer.close(old);
            store = opener.open(dir);
          } else {
            a.op().apply(store, new Action.Args(c.args()));
          }
        } catch (Exception e) {
          throw new ActionException(i + 1, "action " + (i + 1) + ", " + c + ",", e);
        }
        if (a.acks()) {
          markers.mark(ACK + (i + 1) + ": " + c);
        }
      }
    } catch (Exception e) {
      failed = e;
      throw e;
    } finally {
      if (store != null) {
        try {
          closer.close(store);
        } catch (Exception e) {
          if (failed == null) {
            throw new ActionException(-1, "closing the store", e);
          }
          failed.addSuppressed(e);
        }
      }
    }
  }

  /** The reference model after each prefix of {@code calls}: element i after the first i calls. */
  List<Map<String, String>> models(List<Call> calls) {
    List<Map<String, String>> out = new ArrayList<>();
    Map<String, String> model = new HashMap<>();
    out.add(Map.copyOf(model));
    for (Call c : calls) {
      action(c.action()).effect().apply(model, new Action.Args(c.args()));
      out.add(Map.copyOf(model));
    }
    return out;
  }

  /**
   * The check derived from the reference model: the store must open on the crash state, and every
   * key must hold a value the model gives it at some point from the last acknowledgement on
   * (every acknowledged effect is visible, and nothing unacknowledged that contradicts the model
   * is: an older value, a value never written, a key never put).
   */
  public StateCheck check(List<Call> calls) {
    List<Call> seq = List.copyOf(calls);
    List<Map<String, String>> models = models(seq);
    return (state, acked) -> {
      int a = acknowledged(acked);
      Map<String, String> found;
      S store;
      try {
        store = opener.open(state);
      } catch (Exception e) {
        throw new AssertionError("the store does not open after the crash: " + e, e);
      }
      try {
        found = reader.read(store);
      } catch (Exception e) {
        throw new AssertionError("the store does not read back after the crash: " + e, e);
      } finally {
        closer.close(store);
      }
      Set<String> keys = new TreeSet<>(found.keySet());
      for (int j = a; j < models.size(); j++) {
        keys.addAll(models.get(j).keySet());
      }
      for (String k : keys) {
        Set<String> allowed = new LinkedHashSet<>();
        for (int j = a; j < models.size(); j++) {
          allowed.add(models.get(j).get(k));
        }
        String v = found.get(k);
        if (!allowed.contains(v)) {
          List<String> want = new ArrayList<>();
          allowed.forEach(x -> want.add(x == null ? "absent" : Gen.literal(x)));
          throw new AssertionError(Gen.literal(k) + " is " + (v == null ? "absent"
              : Gen.literal(v)) + " after the crash, but " + (a == 0 ? "from the start"
              : "with action " + a + " (" + seq.get(a - 1) + ") acknowledged") + " it must be "
              + (want.size() == 1 ? want.get(0) : "one of " + String.join(", ", want)));
        }
      }
    };
  }

  /** The index (from 1) of the last acknowledging action among {@code acked}, 0 if none. */
  static int acknowledged(List<String> acked) {
    int a = 0;
    for (String m : acked) {
      if (m.startsWith(ACK)) {
        int colon = m.indexOf(':');
        a = Math.max(a, Integer.parseInt(m.substring(ACK.length(), colon < 0 ? m.length() : colon)));
      }
    }
    return a;
  }

  /** {@code calls} as the Java of a {@code @CrashTest} body line: {@code STORE.call("put", "k0", "a")}. */
  String java(Call c) {
    Action<S> a = action(c.action());
    StringBuilder b = new StringBuilder(javaName).append(".call(").append(Gen.literal(c.action()));
    for (int i = 0; i < c.args().size(); i++) {
      @SuppressWarnings("unchecked")
      Gen<Object> g = (Gen<Object>) a.gens().get(i);
      b.append(", ").append(g.java(c.args().get(i)));
    }
    return b.append(')').toString();
  }

  /** The generator of argument {@code i} of {@code c}'s action. */
  @SuppressWarnings("unchecked")
  Gen<Object> gen(Call c, int i) {
    return (Gen<Object>) action(c.action()).gens().get(i);
  }

  /** How many calls of each action {@code calls} hold, in declaration order. */
  Map<String, Integer> countByAction(List<Call> calls) {
    Map<String, Integer> out = new LinkedHashMap<>();
    actions.forEach(a -> out.put(a.name(), 0));
    calls.forEach(c -> out.merge(c.action(), 1, Integer::sum));
    return out;
  }

  /**
   * Draws {@code tries} sequences from {@code seed}, records each once and explores it under
   * every one of {@code models} ({@code configure} sets the rest: budget, strategy, jobs...), and
   * shrinks the first failing one within {@code limits} under the model it failed under.
   * Sequences and shrinking are deterministic in the seed (the time limit aside).
   *
   * @param workDir where each run works; the shrunk failure's trace and states stay in {@code
   *     workDir/failing}
   */
  public PropertyReport run(List<String> models, long seed, int tries, Shrinker.Limits limits,
      Path workDir, UnaryOperator<CrashScenario> configure) throws IOException {
    return new Shrinker<>(this, models, seed, limits, workDir, configure).run(tries);
  }

  @Override
  public String toString() {
    return "StoreProperty[" + name + ", actions " + actions.stream().map(Action::name).toList()
        + ", length " + minLength + ".." + maxLength + "]";
  }
}
