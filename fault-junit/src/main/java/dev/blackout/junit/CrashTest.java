package dev.blackout.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a crash test: the method runs once per model in {@link #models} (invocations named
 * {@code [model]}), receives a {@link CrashRunner} and hands it the scenario with {@link
 * CrashRunner#verify}. The first invocation records the workload; every model explores that one
 * trace. A violation fails that invocation with the minimized explanation and fix, seed, state id,
 * kept state, replay command and a rerun command on the kept trace; the trace is kept under
 * {@code target/blackout/<class>/<method>/} only when something fails (or when asked). System
 * properties override the attributes for a whole run ({@code -Dblackout.models=posix
 * -Dblackout.budget=5000}; docs/java-api.md).
 *
 * <pre>{@code
 * @CrashTest(models = {"ext4-ordered", "posix"})
 * void putIsAtomic(CrashRunner crash) throws IOException {
 *   crash.verify(CrashScenario.of(workload, check).setup(initialFiles));
 * }
 * }</pre>
 *
 * <p>Without FUSE the test fails with a one-line reason, unless skipping was chosen: {@link
 * #skipWithoutFuse}, or {@code -Dblackout.requireFuse=false} (which wins over the attribute, as
 * does {@code -Dblackout.requireFuse=true}).
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(CrashTestExtension.class)
public @interface CrashTest {

  /** The persistence models, one invocation each: prefix, drop-unsynced, ext4-ordered, posix. */
  String[] models() default {"ext4-ordered"};

  /** The most distinct crash states checked per model. */
  int budget() default 200;

  /** The seed of every random choice; {@code -Dblackout.seed=N} overrides it. */
  long seed() default 0;

  /** The strategies, as on the command line ({@code default}, {@code minimal,omit-one}, ...). */
  String strategy() default "default";

  /**
   * Check every crash state (the exhaustive strategy, no budget); the report says whether it really
   * was exhaustive. {@code -Dblackout.exhaustive=true} asks it of every crash test.
   */
  boolean exhaustive() default false;

  /** Skip (saying why, in one line) instead of failing where FUSE is not available. */
  boolean skipWithoutFuse() default false;
}
