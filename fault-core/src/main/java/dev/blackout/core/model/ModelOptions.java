package dev.blackout.core.model;

import java.util.Locale;
import java.util.Objects;

/**
 * The options every persistence model takes where they make sense (design.md section 3).
 *
 * @param tornBytes the granularity at which a write may be torn: 0 for never, 512 ({@code sector}),
 *     4096 ({@code page}) or any positive number of bytes; -1 for the model's own default
 * @param deviceCache whether the device has a volatile write cache (O_DIRECT writes then need a
 *     barrier like any other write)
 * @param rename whether a rename is one unit or ALICE's three parts (only the {@code posix} model
 *     splits; the others document why they keep it atomic)
 */
public record ModelOptions(int tornBytes, DeviceCache deviceCache, RenameMode rename) {

  /** What an O_DIRECT write means for durability. */
  public enum DeviceCache {
    /** The device may hold O_DIRECT writes in a volatile cache until a barrier (seeds 000, 002). */
    VOLATILE,
    /** No volatile cache: an O_DIRECT write is durable when it returns. */
    NONE
  }

  /** How a rename becomes durable. */
  public enum RenameMode {
    ATOMIC,
    SPLIT
  }

  public ModelOptions {
    Objects.requireNonNull(deviceCache, "deviceCache");
    Objects.requireNonNull(rename, "rename");
    if (tornBytes < -1) {
      throw new IllegalArgumentException("tornBytes (" + tornBytes + ") must be -1, 0 or positive");
    }
  }

  /** Model defaults: torn granularity of the model, volatile device cache, atomic rename. */
  public static ModelOptions defaults() {
    return new ModelOptions(-1, DeviceCache.VOLATILE, RenameMode.ATOMIC);
  }

  public ModelOptions withTorn(int bytes) {
    return new ModelOptions(bytes, deviceCache, rename);
  }

  public ModelOptions withDeviceCache(DeviceCache cache) {
    return new ModelOptions(tornBytes, cache, rename);
  }

  public ModelOptions withRename(RenameMode mode) {
    return new ModelOptions(tornBytes, deviceCache, mode);
  }

  /**
   * Parses a torn granularity: {@code none}, {@code sector} (512), {@code page} (4096) or a
   * positive number of bytes.
   */
  public static int parseTorn(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "none":
        return 0;
      case "sector":
        return 512;
      case "page":
        return 4096;
      default:
        try {
          int n = Integer.parseInt(t);
          if (n > 0) {
            return n;
          }
        } catch (NumberFormatException e) {
          // fall through to the error
        }
        throw new IllegalArgumentException(
            "torn granularity '" + text + "' is not none, sector, page or a positive byte count");
    }
  }

  /** The command-line form of the options, e.g. {@code --torn page --device-cache none}. */
  public String toFlags() {
    StringBuilder sb = new StringBuilder();
    if (tornBytes >= 0) {
      sb.append(" --torn ")
          .append(tornBytes == 0 ? "none" : tornBytes == 512 ? "sector" : tornBytes == 4096 ? "page" : Integer.toString(tornBytes));
    }
    if (deviceCache == DeviceCache.NONE) {
      sb.append(" --device-cache none");
    }
    if (rename == RenameMode.SPLIT) {
      sb.append(" --rename split");
    }
    return sb.toString().trim();
  }
}
