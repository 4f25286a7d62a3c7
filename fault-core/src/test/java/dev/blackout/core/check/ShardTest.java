package dev.blackout.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShardTest {

  @Test
  void parsesIndexOverCount() {
    assertEquals(new Shard(2, 4), Shard.parse("2/4"));
    assertEquals(new Shard(1, 1), Shard.parse("1/1"));
    assertEquals(Shard.ALL, Shard.parse(" 1 / 1 "));
    assertEquals("3/7", Shard.parse("3/7").toString());
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "3/2 | shard '3/2': index must be in 1..2",
        "0/2 | shard '0/2': index must be in 1..2",
        "1/0 | shard '1/0': count must be at least 1",
        "-1/4 | shard '-1/4': index must be in 1..4",
        "2 | shard '2': expected I/N, e.g. 2/4",
        "1/2/3 | shard '1/2/3': expected I/N, e.g. 2/4",
        "a/b | shard 'a/b': expected I/N with whole numbers, e.g. 2/4",
        "1/99999999999 | shard '1/99999999999': expected I/N with whole numbers, e.g. 2/4",
        "'' | shard '': expected I/N, e.g. 2/4"
      })
  void badShardsGetOneLineErrors(String text, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Shard.parse(text));
    assertEquals(message, e.getMessage());
  }

  @Test
  void theConstructorChecksToo() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Shard(3, 2));
    assertEquals("shard '3/2': index must be in 1..2", e.getMessage());
  }

  /** Union of the N shards = the whole set, each item exactly once; order-independent; balanced. */
  @TestFactory
  Stream<DynamicTest> shardsPartitionEverySeededSetOfIds() {
    return Stream.of(1L, 2L, 3L, 99L, 123456789L, -5L)
        .flatMap(
            seed ->
                Stream.of(1, 2, 3, 5, 8)
                    .map(
                        n ->
                            DynamicTest.dynamicTest(
                                "seed " + seed + ", " + n + " shards", () -> partition(seed, n))));
  }

  private static void partition(long seed, int n) {
    String why = "seed " + seed + ", n " + n;
    Random random = new Random(seed);
    int size = 500 + random.nextInt(4000);
    Set<String> unique = new HashSet<>();
    while (unique.size() < size) {
      unique.add(
          "k" + random.nextInt(100_000) + "-o" + Integer.toString(random.nextInt(1 << 20), 36));
    }
    List<String> ids = new ArrayList<>(unique);
    Collections.sort(ids);
    List<String> shuffled = new ArrayList<>(ids);
    Collections.shuffle(shuffled, new Random(seed ^ 0x5DEECE66DL));
    List<String> union = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      Shard shard = new Shard(i, n);
      List<String> mine = shard.select(ids, id -> id);
      assertEquals(
          new HashSet<>(mine),
          new HashSet<>(shard.select(shuffled, id -> id)),
          why + ": order-independent");
      if (n > 1) {
        double expected = (double) size / n;
        assertTrue(
            Math.abs(mine.size() - expected) < 0.2 * expected + 10,
            why + ": shard " + i + " holds " + mine.size() + " of " + size);
      }
      union.addAll(mine);
    }
    assertEquals(ids.size(), union.size(), why + ": every id exactly once");
    assertEquals(new HashSet<>(ids), new HashSet<>(union), why + ": the union is the whole set");
  }

  @Test
  void assignmentIsStableAcrossReleases() {
    // Pinned (values computed independently in Python from the documented FNV-1a + mix): changing
    // the hash would silently reshuffle the shards of a running CI matrix.
    assertEquals(
        List.of(0, 1, 1, 0, 2),
        Stream.of("k1", "k2", "k3-o1", "k17-o4,5", "k100-t3")
            .map(id -> Shard.bucket(id, 3))
            .toList());
  }
}
