package dev.blackout.core.image;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.InitialImage.Entry;
import java.util.List;

/**
 * Builds an image from a trace's initial tree. Entries are untrusted: each path is walked from the
 * root through directory entries only (never through a symlink or a file), every component passes
 * {@link Names#check}, and a path that exists already, a parent that does not, or a hard link that
 * disagrees with its first entry is refused.
 */
final class InitialLoader {
  private InitialLoader() {}

  static FsImage load(InitialImage image) {
    return load(image, false);
  }

  /** The image; {@code shapeOnly} makes one without content ({@link FsImage#checkReplayable}). */
  static FsImage load(InitialImage image, boolean shapeOnly) {
    List<Entry> entries = image.entries();
    if (entries.isEmpty()) {
      throw new ImageException("initial image: no root entry");
    }
    Entry root = entries.get(0);
    if (!root.path().isEmpty()
        || root.inode() != InitialImage.ROOT_INODE
        || root.type() != FileType.DIRECTORY) {
      throw new ImageException(
          "initial image: the first entry must be the root directory (path \"\", inode 1), not '"
              + Names.printable(root.path())
              + "'");
    }
    FsImage img = FsImage.emptyRoot(root.mode(), shapeOnly);
    img.setOwner(InitialImage.ROOT_INODE, root.uid(), root.gid());
    img.setTimes(InitialImage.ROOT_INODE, root.mtimeNanos(), root.mtimeNanos());
    for (int i = 1; i < entries.size(); i++) {
      Entry e = entries.get(i);
      try {
        add(img, e);
      } catch (ImageException | IllegalArgumentException ex) {
        throw new ImageException(
            "initial image entry " + i + " '" + Names.printable(e.path()) + "': " + ex.getMessage());
      }
    }
    return img;
  }

  private static void add(FsImage img, Entry e) {
    if (e.path().isEmpty()) {
      throw new ImageException("a second root");
    }
    String[] parts = e.path().split("/", -1);
    for (String p : parts) {
      Names.check(p);
    }
    long parent = InitialImage.ROOT_INODE;
    for (int k = 0; k < parts.length - 1; k++) {
      Node dir = img.node(parent);
      Long child = dir.entries.get(parts[k]);
      if (child == null) {
        throw new ImageException("parent '" + parts[k] + "' does not exist (parents come first)");
      }
      Node c = img.node(child);
      if (c.type != FileType.DIRECTORY) {
        throw new ImageException("'" + parts[k] + "' is a " + c.type + ", not a directory");
      }
      parent = child;
    }
    String name = parts[parts.length - 1];
    if (img.node(parent).entries.containsKey(name)) {
      throw new ImageException("the path appears twice");
    }
    if (img.exists(e.inode())) {
      Node n = img.node(e.inode());
      if (n.type != e.type() || n.type == FileType.DIRECTORY) {
        throw new ImageException(
            "inode " + e.inode() + " is a " + n.type + "; a " + e.type() + " cannot share it");
      }
      // A further hard link: content came with the first entry.
      img.link(parent, name, e.inode());
      return;
    }
    if (e.type() == FileType.SYMLINK) {
      FsImage.checkLinkTarget(e.linkTarget());
    }
    img.createInode(e.inode(), e.type(), e.mode(), e.linkTarget(), 0);
    img.setOwner(e.inode(), e.uid(), e.gid());
    img.setTimes(e.inode(), e.mtimeNanos(), e.mtimeNanos());
    if (e.type() == FileType.REGULAR) {
      img.write(e.inode(), 0, e.content(), 0, e.content().length(), true);
    } else if (e.content().length() != 0) {
      throw new ImageException("a " + e.type() + " cannot have content");
    }
    img.link(parent, name, e.inode());
  }
}
