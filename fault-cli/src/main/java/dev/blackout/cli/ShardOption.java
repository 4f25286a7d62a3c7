package dev.blackout.cli;

import dev.blackout.core.check.Shard;
import java.util.Map;

/**
 * Where a command's shard comes from: {@code --shard I/N} when given, else the environment variable
 * {@code BLACKOUT_SHARD=I/N} (for CI matrices and Kubernetes indexed jobs), else none.
 */
final class ShardOption {
  static final String ENV = "BLACKOUT_SHARD";

  private ShardOption() {}

  /**
   * The shard, or null when neither the option nor the environment names one.
   *
   * @throws CliException when the text is not {@code I/N} with {@code 1 <= I <= N}, naming where
   *     it came from
   */
  static Shard resolve(String option, Map<String, String> env) {
    String text = option;
    if (text == null) {
      String fromEnv = env.get(ENV);
      if (fromEnv == null || fromEnv.isBlank()) {
        return null;
      }
      text = fromEnv.trim();
    }
    try {
      return Shard.parse(text);
    } catch (IllegalArgumentException e) {
      if (option != null) {
        throw new CliException("--" + e.getMessage(),
            "give --shard I/N with 1 <= I <= N, e.g. --shard 2/4");
      }
      throw new CliException(ENV + ": " + e.getMessage(),
          "set " + ENV + "=I/N with 1 <= I <= N, e.g. 2/4, or give --shard I/N");
    }
  }
}
