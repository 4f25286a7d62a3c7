package dev.blackout.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a crash test: the method runs once per model in {@link #models}, receives a {@link
 * CrashRunner} and hands it the scenario with {@link CrashRunner#verify}. A violation fails that
 * invocation with the minimized explanation, seed, state id, kept state and replay command; the
 * evidence is kept only when it fails.
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

  /** Skip (saying why, in one line) instead of failing where FUSE is not available. */
  boolean skipWithoutFuse() default false;
}
