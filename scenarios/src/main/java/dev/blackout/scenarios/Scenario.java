package dev.blackout.scenarios;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One entry of the catalog: a workload, its checker, the files it starts from, and the verdict it
 * should get under each persistence model (design.md section 8). Follows CrashMonkey's
 * setup / run / check contract (style.md item 15).
 *
 * <ul>
 *   <li>{@link #setup} writes the initial files into the directory that becomes the trace's
 *       initial image (the recorder's backing directory).
 *   <li>{@link #run} is the workload. It runs in its own process ({@link WorkloadMain}) with the
 *       mount as its working directory; one process per {@link #roles() role}, all at once. It
 *       acknowledges each update with {@link Acks#ack} after the update returned.
 *   <li>{@link #check} judges one crash state: {@code null} when consistent, else what is wrong.
 *       It must be monotone in acknowledgements (a further acknowledgement only adds obligations)
 *       and may modify the state (that is what a recovery does). It throws only when it cannot
 *       judge (a checker error).
 * </ul>
 *
 * <p>Implementations are stateless singletons with a public no-argument constructor, so that a
 * workload or checker process can find them by {@link #name()}.
 */
public interface Scenario {

  /** The four models of design.md section 3, in table order. */
  List<String> MODELS = List.of("prefix", "drop-unsynced", "ext4-ordered", "posix");

  /** The name used on the command line ({@code --only}): the class's simple name. */
  default String name() {
    return getClass().getSimpleName();
  }

  /** What the scenario does and shows, in one line (the table's first column in the docs). */
  String title();

  /** The workload processes started together; each gets its role as argument. */
  default List<String> roles() {
    return List.of("main");
  }

  /**
   * The command that starts one role's workload process, given its plain {@code java} command
   * line, the directory it works in and its environment: by default the {@code java} command
   * itself; a scenario may wrap it (in a container, in namespaces).
   */
  default List<String> launch(String role, List<String> java, Path dir, Map<String, String> env) {
    return java;
  }

  /**
   * Whether the recorder mounts with {@code allow_other} ({@code blackout record --allow-other}):
   * for workloads whose processes run as other users or in containers.
   */
  default boolean allowOther() {
    return false;
  }

  /** Writes the files the workload starts from into {@code dir}. */
  void setup(Path dir) throws IOException;

  /** The workload of one role, working in {@code dir}. Throws when the workload itself failed. */
  void run(String role, Path dir, Acks acks) throws Exception;

  /**
   * Judges the crash state in {@code state} given the markers acknowledged before the crash.
   *
   * @return null when the state is consistent, else a one-line description of the violation
   * @throws Exception when the state cannot be judged (reported as a checker error)
   */
  String check(Path state, List<String> acked) throws Exception;

  /** The expected verdict for each model of {@link #MODELS}. */
  Map<String, Expectation> expectations();

  /** Whether the scenario belongs to the seed patterns (plain Java file I/O). */
  default boolean seed() {
    return true;
  }
}
