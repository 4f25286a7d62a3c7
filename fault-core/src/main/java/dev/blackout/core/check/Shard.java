package dev.blackout.core.check;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * One of {@code count} disjoint parts of an exploration ({@code --shard I/N}, design.md section 4),
 * numbered from 1 as in {@code 1/4 .. 4/4}. A work item belongs to the shard its stable key (the
 * state id) hashes to, so assignment does not depend on enumeration order or on the other items,
 * shards stay balanced, and the N shards together cover every item exactly once.
 *
 * @param index which part, in {@code 1..count}
 * @param count how many parts, at least 1
 */
public record Shard(int index, int count) {

  /** The whole run: one shard. */
  public static final Shard ALL = new Shard(1, 1);

  public Shard {
    if (count < 1) {
      throw new IllegalArgumentException(
          "shard '" + index + "/" + count + "': count must be at least 1");
    }
    if (index < 1 || index > count) {
      throw new IllegalArgumentException(
          "shard '" + index + "/" + count + "': index must be in 1.." + count);
    }
  }

  /**
   * Parses {@code I/N}, e.g. {@code 2/4}.
   *
   * @throws IllegalArgumentException with a one-line message naming the text and what is wrong
   */
  public static Shard parse(String text) {
    String shown = text == null ? "" : text;
    int slash = shown.indexOf('/');
    if (slash < 0 || shown.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException("shard '" + shown + "': expected I/N, e.g. 2/4");
    }
    int index;
    int count;
    try {
      index = Integer.parseInt(shown.substring(0, slash).trim());
      count = Integer.parseInt(shown.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "shard '" + shown + "': expected I/N with whole numbers, e.g. 2/4");
    }
    if (count < 1) {
      throw new IllegalArgumentException("shard '" + shown + "': count must be at least 1");
    }
    if (index < 1 || index > count) {
      throw new IllegalArgumentException("shard '" + shown + "': index must be in 1.." + count);
    }
    return new Shard(index, count);
  }

  /** True when the item with this key is this shard's work. */
  public boolean owns(String key) {
    return bucket(key, count) == index - 1;
  }

  /** The items of {@code items} this shard owns, in their original order. */
  public <T> List<T> select(List<T> items, Function<? super T, String> key) {
    return items.stream().filter(item -> owns(key.apply(item))).toList();
  }

  /** The 0-based part a key falls in: a 64-bit FNV-1a hash of its UTF-8 bytes, mixed, mod n. */
  static int bucket(String key, int count) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) Long.remainderUnsigned(h, count);
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
