package dev.blackout.core.image;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Walks the tree reachable from the root in name order, depth first, without recursion (a hostile
 * trace may nest deeply). A directory met again below itself is a cycle and is refused; a directory
 * named by two entries elsewhere (a model's half-done rename) is walked twice.
 */
final class TreeWalker {
  private TreeWalker() {}

  /** What the walk reports; {@code C} is the visitor's per-directory context. */
  interface Visitor<C> {
    /** Entering directory {@code inode} ({@code parent} is null and name "" for the root). */
    C enterDir(C parent, String name, long inode, Node node) throws Exception;

    /** An entry that is not a directory. */
    void leaf(C parent, String name, long inode, Node node) throws Exception;

    /** Leaving a directory after all its entries. */
    void leaveDir(C ctx, long inode, Node node) throws Exception;
  }

  private record Frame<C>(C ctx, long inode, Node node, Iterator<Map.Entry<String, Long>> it) {}

  /** Walks with every name checked again (for anything that writes to disk). */
  static <C> void walk(FsImage img, Visitor<C> v) throws Exception {
    walk(img, v, true);
  }

  /**
   * Walks the tree; {@code checkNames} false skips re-checking names (every way into an image
   * checks them; only a crafted image can hold a bad one, and hashing it is harmless).
   */
  static <C> void walk(FsImage img, Visitor<C> v, boolean checkNames) throws Exception {
    Node root = img.node(InitialImage.ROOT_INODE);
    ArrayDeque<Frame<C>> stack = new ArrayDeque<>();
    Set<Long> onPath = new HashSet<>();
    C rootCtx = v.enterDir(null, "", InitialImage.ROOT_INODE, root);
    stack.push(new Frame<>(rootCtx, InitialImage.ROOT_INODE, root, root.entries.entrySet().iterator()));
    onPath.add(InitialImage.ROOT_INODE);
    while (!stack.isEmpty()) {
      Frame<C> f = stack.peek();
      if (!f.it().hasNext()) {
        stack.pop();
        onPath.remove(f.inode());
        v.leaveDir(f.ctx(), f.inode(), f.node());
        continue;
      }
      Map.Entry<String, Long> e = f.it().next();
      String name = checkNames ? Names.check(e.getKey()) : e.getKey();
      long inode = e.getValue();
      Node n = img.node(inode);
      if (n.type == FileType.DIRECTORY) {
        if (!onPath.add(inode)) {
          throw new ImageException("directory " + inode + " ('" + name + "') contains itself");
        }
        C ctx = v.enterDir(f.ctx(), name, inode, n);
        stack.push(new Frame<>(ctx, inode, n, n.entries.entrySet().iterator()));
      } else {
        v.leaf(f.ctx(), name, inode, n);
      }
    }
  }
}
