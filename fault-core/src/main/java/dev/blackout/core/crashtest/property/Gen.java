package dev.blackout.core.crashtest.property;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generator of action arguments: draws a value from a seeded {@link Random}, proposes smaller
 * values for shrinking, and writes a value as a Java literal for the pasteable test.
 *
 * @param <T> the value type
 */
public interface Gen<T> {

  /** A value drawn from {@code random} (all randomness comes from it). */
  T draw(Random random);

  /** Values strictly smaller than {@code value}, the smallest first (empty: nothing smaller). */
  List<T> shrink(T value);

  /** {@code value} as a Java expression, e.g. {@code "k0"} or {@code 3}. */
  String java(T value);

  /** One of {@code values}; shrinking moves toward the first. */
  @SafeVarargs
  static <T> Gen<T> oneOf(T... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("oneOf needs at least one value");
    }
    List<T> all = List.of(values);
    return new Gen<>() {
      @Override
      public T draw(Random random) {
        return all.get(random.nextInt(all.size()));
      }

      @Override
      public List<T> shrink(T value) {
        int i = all.indexOf(value);
        return i <= 0 ? List.of() : all.subList(0, i);
      }

      @Override
      public String java(T value) {
        return literal(value);
      }
    };
  }

  /** The keys {@code "k0"} to {@code "k<n-1>"}; shrinking moves toward {@code "k0"}. */
  static Gen<String> keys(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("keys(" + n + "): give at least one key");
    }
    String[] keys = new String[n];
    for (int i = 0; i < n; i++) {
      keys[i] = "k" + i;
    }
    return oneOf(keys);
  }

  /** Whole numbers in {@code [min, max]}; shrinking moves toward {@code min}. */
  static Gen<Integer> ints(int min, int max) {
    if (max < min) {
      throw new IllegalArgumentException("ints(" + min + ", " + max + "): max is below min");
    }
    return new Gen<>() {
      @Override
      public Integer draw(Random random) {
        return min + (int) (random.nextDouble() * ((long) max - min + 1));
      }

      @Override
      public List<Integer> shrink(Integer value) {
        List<Integer> out = new ArrayList<>();
        if (value > min) {
          out.add(min);
          int half = min + (value - min) / 2;
          if (half != min && half != value) {
            out.add(half);
          }
          if (value - 1 != min && value - 1 != half) {
            out.add(value - 1);
          }
        }
        return out;
      }

      @Override
      public String java(Integer value) {
        return Integer.toString(value);
      }
    };
  }

  /**
   * Strings of {@code minLength} to {@code maxLength} characters of {@code alphabet}; shrinking
   * makes them shorter, then moves each character toward the alphabet's first.
   */
  static Gen<String> strings(String alphabet, int minLength, int maxLength) {
    if (alphabet.isEmpty() || minLength < 0 || maxLength < minLength) {
      throw new IllegalArgumentException("strings(\"" + alphabet + "\", " + minLength + ", "
          + maxLength + "): give a non-empty alphabet and 0 <= minLength <= maxLength");
    }
    return new Gen<>() {
      @Override
      public String draw(Random random) {
        int len = minLength + random.nextInt(maxLength - minLength + 1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
          b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
      }

      @Override
      public List<String> shrink(String value) {
        List<String> out = new ArrayList<>();
        if (value.length() > minLength) {
          out.add(value.substring(0, minLength));
          if (value.length() - 1 > minLength) {
            out.add(value.substring(0, value.length() - 1));
          }
        }
        char first = alphabet.charAt(0);
        for (int i = 0; i < value.length(); i++) {
          if (value.charAt(i) != first) {
            out.add(value.substring(0, i) + first + value.substring(i + 1));
          }
        }
        return out;
      }

      @Override
      public String java(String value) {
        return literal(value);
      }
    };
  }

  /** Values for a store: 1 to {@code maxLength} letters of {@code a-e}. */
  static Gen<String> values(int maxLength) {
    return strings("abcde", 1, maxLength);
  }

  /** A Java literal for strings, numbers and booleans; {@code toString()} quoted otherwise. */
  static String literal(Object value) {
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    String s = String.valueOf(value);
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\0' -> b.append("\\0");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
