package dev.blackout.core.crashtest;

import java.nio.file.Path;
import java.util.List;

/**
 * The recovery check run on each crash state: open the state as the application would after a
 * reboot and verify what was acknowledged. Returning normally accepts the state; an {@link
 * AssertionError} (JUnit's {@code assertEquals}, a plain {@code assert}) is a violation with its
 * message; any other exception is a checker error.
 *
 * <p>The check may modify {@code state} (recovery does). It must be monotone in acknowledgements:
 * a further acknowledged marker may only add obligations (docs/checkers.md).
 */
@FunctionalInterface
public interface StateCheck {

  void check(Path state, List<String> acked) throws Exception;
}
