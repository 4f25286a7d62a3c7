package dev.blackout.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a stateful crash property test: the method receives a {@link PropertyRunner} and hands it
 * a {@link dev.blackout.core.crashtest.property.StoreProperty} with {@link PropertyRunner#verify}.
 * Blackout draws {@link #tries} sequences of actions from the seed, records each once, explores it
 * under every model, and fails with the shrunk sequence (as a pasteable {@code @CrashTest}), the
 * seed, the model, the crash state and its minimized cause. One invocation, named after the
 * models.
 *
 * <pre>{@code
 * @CrashProperty(models = {"ext4-ordered", "posix"}, tries = 20)
 * void keepsWhatItAcknowledged(PropertyRunner property) throws IOException {
 *   property.verify(STORE);
 * }
 * }</pre>
 *
 * <p>{@code -Dblackout.seed}, {@code -Dblackout.tries}, {@code -Dblackout.models}, {@code
 * -Dblackout.budget}, {@code -Dblackout.strategy} and {@code -Dblackout.jobs} override the
 * attributes.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(CrashPropertyExtension.class)
public @interface CrashProperty {

  /** The persistence models every sequence is explored under. */
  String[] models() default {"ext4-ordered"};

  /** How many sequences to draw ({@code -Dblackout.tries=N} overrides it). */
  int tries() default 20;

  /** The seed of the sequences and the explorations ({@code -Dblackout.seed=N} overrides it). */
  long seed() default 0;

  /** The most distinct crash states checked per model and sequence. */
  int budget() default 200;

  /** The strategies, as on the command line. */
  String strategy() default "default";

  /** The most candidates re-recorded while shrinking. */
  int shrinkAttempts() default 100;

  /** The most seconds spent shrinking. */
  int shrinkSeconds() default 120;

  /** Skip (saying why, in one line) instead of failing where FUSE is not available. */
  boolean skipWithoutFuse() default false;
}
