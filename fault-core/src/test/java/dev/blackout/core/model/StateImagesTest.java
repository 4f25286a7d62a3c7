package dev.blackout.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.explore.ExploreOptions;
import dev.blackout.core.explore.Explorer;
import dev.blackout.core.explore.Strategy;
import dev.blackout.core.image.FsImage;
import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.Trace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * States built as corrections of full images (the fast path) equal the same states replayed unit
 * by unit from the last image before their first missing unit (the reference), on seeded random
 * traces, for every model, whatever order the states are asked for in.
 */
class StateImagesTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"prefix", "drop-unsynced", "ext4-ordered", "posix", "posix-split"})
  void correctedStatesEqualReplayedStates(String model) {
    ModelOptions options = ModelOptions.defaults();
    String name = model;
    if (model.equals("posix-split")) {
      options = options.withRename(ModelOptions.RenameMode.SPLIT);
      name = "posix";
    }
    int compared = 0;
    for (long seed = 1; seed <= 12; seed++) {
      Trace trace = RandomWorkloads.random(seed, 60 + (int) (seed * 7), seed % 3 == 0, true);
      UnitGraph g = PersistenceModel.of(name, options).build(trace);
      ExploreOptions o = ExploreOptions.defaults(seed).withBudget(400)
          .withStrategies(List.of(Strategy.MINIMAL, Strategy.MAXIMAL, Strategy.OMIT_ONE, Strategy.TORN,
              Strategy.IN_ORDER, Strategy.RANDOM));
      List<CrashState> states = new ArrayList<>();
      new Explorer(g, o.withPrune(false)).generate(new Explorer.Listener() {}).distinct()
          .forEach(c -> states.add(c.state()));
      Collections.shuffle(states, new Random(seed));
      StateImages fast = new StateImages(g);
      assertTrue(fast.corrective(), "random traces do not reuse inode ids");
      StateImages reference = new StateImages(g);
      for (CrashState s : states) {
        assertEquals(tree(reference.replay(s)), tree(fast.image(s)),
            model + " seed " + seed + " state " + StateIds.format(g, s));
        compared++;
      }
    }
    System.out.println("state images " + model + ": " + compared + " corrected states equal their replay");
    assertTrue(compared > 100, "compared " + compared);
  }

  /**
   * Everything a materialized state shows, path by path from the root: type, mode, owner, times,
   * size, content, link target, extended attributes (the content hash leaves times and owners out).
   */
  static String tree(FsImage image) {
    StringBuilder sb = new StringBuilder();
    walk(image, InitialImage.ROOT_INODE, "", sb, 0);
    return sb.toString();
  }

  private static void walk(FsImage image, long inode, String path, StringBuilder sb, int depth) {
    FileType type = image.type(inode);
    sb.append(path.isEmpty() ? "/" : path).append(' ').append(type).append(' ')
        .append(Integer.toOctalString(image.mode(inode))).append(' ').append(image.uid(inode)).append(':')
        .append(image.gid(inode)).append(" m").append(image.mtimeNanos(inode)).append(" a")
        .append(image.atimeNanos(inode)).append(' ').append(image.xattrs(inode));
    if (type == FileType.REGULAR) {
      sb.append(" size ").append(image.size(inode)).append(' ')
          .append(java.util.Arrays.hashCode(image.read(inode)));
    } else if (type == FileType.SYMLINK) {
      sb.append(" -> ").append(image.linkTarget(inode));
    }
    sb.append('\n');
    if (type == FileType.DIRECTORY && depth < 64) {
      for (Map.Entry<String, Long> e : image.list(inode).entrySet()) {
        walk(image, e.getValue(), path + "/" + e.getKey(), sb, depth + 1);
      }
    }
  }
}
