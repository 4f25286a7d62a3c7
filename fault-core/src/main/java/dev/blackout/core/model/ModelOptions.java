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
 * @param dioread the ext4 variant {@code ext4-ordered} stands for: {@code dioread_nolock} (the
 *     default mount option since Linux 5.6: a delayed-allocation append's size can persist before
 *     its data, which then reads as zeros) or {@code dioread_lock} (older kernels: never zeros)
 */
public record ModelOptions(int tornBytes, DeviceCache deviceCache, RenameMode rename, DioRead dioread) {

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

  /**
   * Which ext4 the {@code ext4-ordered} model describes (docs/models.md, "Calibration"): buffered
   * writes into unwritten extents ({@code dioread_nolock}, Linux 5.6 and later by default) or into
   * written ones ({@code dioread_lock}, the default before 5.6). Other models ignore it.
   */
  public enum DioRead {
    NOLOCK,
    LOCK
  }

  /** The options with the current ext4 ({@code dioread_nolock}). */
  public ModelOptions(int tornBytes, DeviceCache deviceCache, RenameMode rename) {
    this(tornBytes, deviceCache, rename, DioRead.NOLOCK);
  }

  public ModelOptions {
    Objects.requireNonNull(deviceCache, "deviceCache");
    Objects.requireNonNull(rename, "rename");
    Objects.requireNonNull(dioread, "dioread");
    if (tornBytes < -1) {
      throw new IllegalArgumentException("tornBytes (" + tornBytes + ") must be -1, 0 or positive");
    }
  }

  /**
   * Model defaults: torn granularity of the model, volatile device cache, atomic rename, the ext4
   * of Linux 5.6 and later ({@code dioread_nolock}).
   */
  public static ModelOptions defaults() {
    return new ModelOptions(-1, DeviceCache.VOLATILE, RenameMode.ATOMIC, DioRead.NOLOCK);
  }

  public ModelOptions withTorn(int bytes) {
    return new ModelOptions(bytes, deviceCache, rename, dioread);
  }

  public ModelOptions withDeviceCache(DeviceCache cache) {
    return new ModelOptions(tornBytes, cache, rename, dioread);
  }

  public ModelOptions withRename(RenameMode mode) {
    return new ModelOptions(tornBytes, deviceCache, mode, dioread);
  }

  public ModelOptions withDioRead(DioRead mode) {
    return new ModelOptions(tornBytes, deviceCache, rename, mode);
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
    if (dioread == DioRead.LOCK) {
      sb.append(" --dioread lock");
    }
    return sb.toString().trim();
  }
}
