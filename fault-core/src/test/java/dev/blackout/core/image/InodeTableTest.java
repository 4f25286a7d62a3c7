package dev.blackout.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.trace.FileType;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class InodeTableTest {

  static Node node() {
    return new Node(new Object(), FileType.REGULAR, 0644, null, 0);
  }

  @Test
  void behavesLikeAMapForDenseAndSparseIdsAndCopiesIndependently() {
    Random rnd = new Random(5);
    InodeTable t = new InodeTable();
    TreeMap<Long, Node> model = new TreeMap<>();
    InodeTable copy = null;
    TreeMap<Long, Node> copyModel = null;
    for (int step = 0; step < 5000; step++) {
      long id =
          switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextInt(100);
            case 1 -> rnd.nextInt(5000);
            case 2 -> InodeTable.DENSE_LIMIT + rnd.nextInt(50);
            default -> (1L << 40) + rnd.nextInt(50);
          };
      if (rnd.nextInt(3) == 0) {
        t.remove(id);
        model.remove(id);
      } else {
        Node n = node();
        t.put(id, n);
        model.put(id, n);
      }
      if (step == 2500) {
        copy = t.copy();
        copyModel = new TreeMap<>(model);
      }
      long probe = rnd.nextBoolean() ? id : rnd.nextInt(6000);
      assertSame(model.get(probe), t.get(probe), "id " + probe + " at step " + step);
    }
    TreeMap<Long, Node> seen = new TreeMap<>();
    t.forEach(seen::put);
    assertEquals(model, seen);
    TreeMap<Long, Node> seenCopy = new TreeMap<>();
    copy.forEach(seenCopy::put);
    assertEquals(copyModel, seenCopy, "the copy did not see later changes");
    copy.put(1, node());
    assertFalse(t.get(1) == copy.get(1));
    assertNull(new InodeTable().get(-5));
    assertTrue(copy.containsKey(1));
  }
}
