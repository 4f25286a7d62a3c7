package dev.blackout.core.image;

import java.util.Arrays;
import java.util.HashMap;
import java.util.function.BiConsumer;

/**
 * The inode table of an image: id to node, copied in time proportional to the number of pages,
 * not of inodes. Ids below {@link #DENSE_LIMIT} (recorders hand them out from 1 upwards) live in
 * pages of 64 slots that copies share until one side changes a page; other ids live in a small
 * map copied in full.
 */
final class InodeTable {
  private static final int SHIFT = 6;
  private static final int PAGE = 1 << SHIFT;
  /** Ids at or above this (or negative) are kept in the map: bounds the page directory's size. */
  static final long DENSE_LIMIT = 1L << 22;

  private static final class Page {
    final Object owner;
    final Node[] slots;

    Page(Object owner, Node[] slots) {
      this.owner = owner;
      this.slots = slots;
    }
  }

  private Object owner = new Object();
  private Page[] pages;
  private HashMap<Long, Node> sparse;

  InodeTable() {
    this.pages = new Page[4];
  }

  private InodeTable(Page[] pages, HashMap<Long, Node> sparse) {
    this.pages = pages;
    this.sparse = sparse;
  }

  private static boolean dense(long id) {
    return id >= 0 && id < DENSE_LIMIT;
  }

  Node get(long id) {
    if (!dense(id)) {
      return sparse == null ? null : sparse.get(id);
    }
    int p = (int) (id >>> SHIFT);
    if (p >= pages.length || pages[p] == null) {
      return null;
    }
    return pages[p].slots[(int) id & (PAGE - 1)];
  }

  boolean containsKey(long id) {
    return get(id) != null;
  }

  void put(long id, Node n) {
    if (n == null) {
      throw new IllegalArgumentException("null node");
    }
    set(id, n);
  }

  void remove(long id) {
    if (get(id) != null) {
      set(id, null);
    }
  }

  private void set(long id, Node n) {
    if (!dense(id)) {
      if (n == null) {
        sparse.remove(id);
      } else {
        if (sparse == null) {
          sparse = new HashMap<>();
        }
        sparse.put(id, n);
      }
      return;
    }
    int p = (int) (id >>> SHIFT);
    if (p >= pages.length) {
      pages = Arrays.copyOf(pages, Math.max(p + 1, pages.length * 2));
    }
    Page page = pages[p];
    if (page == null) {
      page = new Page(owner, new Node[PAGE]);
      pages[p] = page;
    } else if (page.owner != owner) {
      page = new Page(owner, page.slots.clone());
      pages[p] = page;
    }
    page.slots[(int) id & (PAGE - 1)] = n;
  }

  /** Calls {@code action} for every inode, dense ids in order first. */
  void forEach(BiConsumer<Long, Node> action) {
    for (int p = 0; p < pages.length; p++) {
      if (pages[p] == null) {
        continue;
      }
      Node[] slots = pages[p].slots;
      for (int i = 0; i < PAGE; i++) {
        if (slots[i] != null) {
          action.accept(((long) p << SHIFT) | i, slots[i]);
        }
      }
    }
    if (sparse != null) {
      sparse.forEach(action);
    }
  }

  /** An independent table sharing every page; from now on neither side changes one in place. */
  InodeTable copy() {
    owner = new Object();
    @SuppressWarnings("unchecked")
    HashMap<Long, Node> s = sparse == null ? null : (HashMap<Long, Node>) sparse.clone();
    return new InodeTable(pages.clone(), s);
  }
}
