package dev.blackout.core.image;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Materializes a sequence of states into one directory after another, each from the last: the
 * directory of the previous state is renamed to the new one and changed where the two images differ
 * (files whose blocks differ are patched block by block, entries added and removed), so that a
 * state of 50,000 files that differs from the last by one costs that one file, not 50,000.
 *
 * <p>A checker may have changed the previous state's directory. Nothing it did is trusted: after
 * every state is written, the time stamps of the file system are let pass beyond the last write
 * (a fence), then every entry's inode, size, mode and times are recorded; before the next state is
 * written from it, every entry is looked at again, and whatever differs in any of those (the
 * kernel sets a new change time on every write, chmod, rename or link) is deleted and written
 * again, and whatever the checker added is deleted. A directory the checker replaced (another
 * inode, a symlink) is deleted whole. Another state's directory is never touched: the directory is
 * handed on only when its checker is done.
 *
 * <p>Images with hard links, extended attributes, FIFOs, devices or very deep paths are written
 * whole by {@link Materializer}, as are the first state and every state after {@link #forget()}.
 * One instance per thread.
 */
public final class DeltaMaterializer implements Closeable {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final int MAX_PATH = 3000;

  /** What a state's entry looked like on disk when it was handed to its checker. */
  private record Stat(long dev, long ino, boolean dir, boolean link, long size, int mode, long mtime, long ctime, long atime) {
    boolean sameFile(Stat o) {
      return dev == o.dev && ino == o.ino;
    }
  }

  /** Thrown when the difference cannot be applied in place: the state is written whole instead. */
  private static final class Whole extends Exception {
    Whole(String why) {
      super(why, null, false, false);
    }
  }

  private Path dir;
  private FsImage prev;
  private Map<String, Stat> snapshot;
  /** The entries the patch being applied wrote or deleted (relative paths). */
  private Set<String> written;
  private long patched;
  private long whole;

  /** States written from the previous one, and written whole (for tests and benchmarks). */
  public long[] counts() {
    return new long[] {patched, whole};
  }

  /**
   * Makes {@code target} (which must not exist; its parent must) hold {@code image}: the previous
   * state's directory renamed and changed, or a fresh one.
   */
  public Path materialize(FsImage image, Path target) throws IOException {
    Path dest = target.toAbsolutePath().normalize();
    if (dir != null && prev != null && dir.getParent().equals(dest.getParent())
        && !Files.exists(dest, NOFOLLOW)) {
      try {
        Files.move(dir, dest, NOFOLLOW);
        dir = dest;
        Map<String, Stat> now = scan(dest);
        written = new HashSet<>();
        patch(image, dest, now);
        // the record of the next check: what was seen, with what was written looked at again
        Set<String> vanished = new HashSet<>();
        for (String rel : written) {
          Path p = rel.isEmpty() ? dest : dest.resolve(rel);
          if (Files.exists(p, NOFOLLOW)) {
            now.put(rel, stat(p));
          } else {
            vanished.add(rel);
          }
        }
        if (!vanished.isEmpty()) {
          now.keySet().removeIf(r -> vanished.contains(r) || underGone(r, vanished));
        }
        fence(dest.getParent());
        prev = image.copy();
        snapshot = now;
        patched++;
        return target;
      } catch (Whole | IOException | RuntimeException e) {
        // written whole below
      }
      if (Files.exists(dest, NOFOLLOW)) {
        deleteTree(dest);
      }
    }
    forget();
    Materializer.materialize(image, target);
    finish(image, dest);
    whole++;
    return target;
  }

  /** The last directory was taken (kept as a failing state): the next state is written whole. */
  public void forget() {
    dir = null;
    prev = null;
    snapshot = null;
  }

  /** Deletes the directory of the last state (when it was not taken). */
  @Override
  public void close() throws IOException {
    if (dir != null && Files.exists(dir, NOFOLLOW)) {
      deleteTree(dir);
    }
    forget();
  }

  private void finish(FsImage image, Path dest) throws IOException {
    fence(dest.getParent());
    dir = dest;
    prev = image.copy(); // the caller's image may go on changing; blocks and nodes stay shared
    snapshot = scan(dest);
  }

  /**
   * Waits until a change made now gets a later change time than everything written so far (file
   * systems keep coarse clocks: a checker's write in the same tick would otherwise look unchanged).
   */
  private static void fence(Path parent) throws IOException {
    Path probe = parent.resolve(".blackout-fence-" + Thread.currentThread().getId());
    Files.write(probe, new byte[0]);
    try {
      long first = ctime(probe);
      for (int i = 0; i < 1000; i++) {
        Files.setLastModifiedTime(probe, FileTime.from(Instant.now()));
        if (ctime(probe) > first) {
          return;
        }
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the file system's clock", e);
        }
      }
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  private static long ctime(Path p) throws IOException {
    return ((FileTime) Files.getAttribute(p, "unix:ctime", NOFOLLOW)).to(java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** Every entry below {@code root}, by path relative to it ("" for the root), without following links. */
  private static Map<String, Stat> scan(Path root) throws IOException {
    Map<String, Stat> out = new HashMap<>(1 << 12);
    Stat top = stat(root);
    out.put("", top);
    scanDir(root, "", out);
    return out;
  }

  private static void scanDir(Path dir, String rel, Map<String, Stat> out) throws IOException {
    try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String r = child(rel, p.getFileName().toString());
        Stat st;
        try {
          st = stat(p);
        } catch (NoSuchFileException e) {
          continue;
        }
        out.put(r, st);
        if (st.dir()) {
          scanDir(p, r, out);
        }
      }
    }
  }

  private static Stat stat(Path p) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, "unix:ino,dev,size,mode,lastModifiedTime,ctime,lastAccessTime", NOFOLLOW);
    int mode = (Integer) a.get("mode");
    return new Stat((Long) a.get("dev"), (Long) a.get("ino"), (mode & 0170000) == 0040000, (mode & 0170000) == 0120000,
        (Long) a.get("size"), mode, nanos(a.get("lastModifiedTime")), nanos(a.get("ctime")),
        nanos(a.get("lastAccessTime")));
  }

  private static long nanos(Object t) {
    return ((FileTime) t).to(java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  // ------------------------------------------------------------------ applying the difference

  /**
   * Turns {@code root} (which holds {@link #prev} as recorded in {@link #snapshot}, then whatever
   * the checker did: {@code now}) into {@code image}.
   */
  private void patch(FsImage image, Path root, Map<String, Stat> now) throws Whole, IOException {
    boolean asRoot = Integer.valueOf(0).equals(Files.getAttribute(root, "unix:uid", NOFOLLOW));
    // what the checker changed: deleted now, written again below
    Set<String> gone = new HashSet<>();
    touched.clear();
    for (Map.Entry<String, Stat> e : now.entrySet()) {
      String rel = e.getKey();
      Stat was = snapshot.get(rel);
      Stat is = e.getValue();
      if (rel.isEmpty() || (!gone.isEmpty() && underGone(rel, gone))) {
        continue;
      }
      if (was == null || !was.sameFile(is) || was.dir() != is.dir() || was.link() != is.link()) {
        deleteTree(root.resolve(rel));
        gone.add(rel);
      } else if (!is.dir() && !was.equals(is) && !sameButAtime(was, is)) {
        deleteTree(root.resolve(rel));
        gone.add(rel);
      } else if (!was.equals(is)) {
        touched.add(rel);
      }
    }
    for (String rel : snapshot.keySet()) {
      if (!now.containsKey(rel)) {
        gone.add(rel);
      }
    }
    for (String rel : gone) {
      written.add(rel);
      touched.add(rel);
    }
    if (!gone.isEmpty()) {
      now.keySet().removeIf(r -> gone.contains(r) || underGone(r, gone));
    }
    touchedDirs.clear();
    for (String rel : touched) {
      int slash = rel.lastIndexOf('/');
      touchedDirs.add(slash < 0 ? "" : rel.substring(0, slash));
    }
    Stat rootNow = now.get("");
    boolean rootChanged = rootNow == null || !rootNow.equals(snapshot.get(""));
    patchDir(prev, image, InitialImage.ROOT_INODE, root, "", gone, now, asRoot, rootChanged);
  }

  /** Entries whose attributes the checker changed, or that it deleted (relative paths). */
  private final Set<String> touched = new HashSet<>();
  /** The directories holding them. */
  private final Set<String> touchedDirs = new HashSet<>();

  private static boolean sameButAtime(Stat a, Stat b) {
    return a.sameFile(b) && a.size() == b.size() && a.mode() == b.mode() && a.mtime() == b.mtime()
        && a.ctime() == b.ctime();
  }

  private static boolean underGone(String rel, Set<String> gone) {
    for (int i = rel.lastIndexOf('/'); i > 0; i = rel.lastIndexOf('/', i - 1)) {
      if (gone.contains(rel.substring(0, i))) {
        return true;
      }
    }
    return false;
  }

  /** Makes directory {@code path} (image inode {@code inode}) hold what {@code image} has there. */
  private void patchDir(FsImage old, FsImage image, long inode, Path path, String rel, Set<String> gone,
      Map<String, Stat> now, boolean asRoot, boolean changed) throws Whole, IOException {
    Node on = old.nodes.get(inode);
    Node nn = image.nodes.get(inode);
    boolean entriesChanged = changed;
    ensureWritable(path, now.get(rel));
    // names on disk that neither image has there (the checker's) were deleted as changes
    if (on != nn) {
      for (Map.Entry<String, Long> e : on.entries.entrySet()) {
        if (!nn.entries.containsKey(e.getKey())) {
          String r = child(rel, e.getKey());
          if (!gone.contains(r)) {
            deleteTree(path.resolve(e.getKey()));
          }
          written.add(r);
          entriesChanged = true;
        }
      }
    }
    boolean dirTouched = touchedDirs.contains(rel);
    // both entry tables are sorted by name: walk them side by side
    java.util.Iterator<Map.Entry<String, Long>> olds = on.entries.entrySet().iterator();
    Map.Entry<String, Long> oe = olds.hasNext() ? olds.next() : null;
    for (Map.Entry<String, Long> e : nn.entries.entrySet()) {
      String name = e.getKey();
      long id = e.getValue();
      while (oe != null && oe.getKey().compareTo(name) < 0) {
        oe = olds.hasNext() ? olds.next() : null;
      }
      Long oldId = oe != null && oe.getKey().equals(name) ? oe.getValue() : null;
      Node n = image.nodes.get(id);
      Node o = oldId == null ? null : old.nodes.get(oldId);
      if (o == n && oldId == id && !dirTouched && n.type != FileType.DIRECTORY) {
        continue; // the same node, and the checker left it alone
      }
      String r = child(rel, name);
      Path p = childPath(path, name);
      if (n.nlink > 1 || (o != null && o.nlink > 1) || n.xattrs != null || (o != null && o.xattrs != null)) {
        throw new Whole("hard links or extended attributes");
      }
      boolean onDisk = oldId != null && !gone.contains(r);
      if (onDisk && (oldId != id || o.type != n.type)) {
        deleteTree(p);
        written.add(r);
        onDisk = false;
      }
      if (!onDisk) {
        Materializer.checkEntry(name, n);
        create(image, id, n, p, r, asRoot);
        entriesChanged = true;
        continue;
      }
      Stat is = now.get(r);
      Stat was = snapshot.get(r);
      boolean changedByChecker = is != null && !is.equals(was);
      switch (n.type) {
        case DIRECTORY -> patchDir(old, image, id, p, r, gone, now, asRoot, changedByChecker);
        case REGULAR -> {
          if (o != n) {
            patchFile(old, image, id, o, n, p, asRoot);
            written.add(r);
          } else if (changedByChecker) {
            times(p, n); // only its access time changed
            written.add(r);
          }
        }
        case SYMLINK -> {
          if (o != n) {
            Files.delete(p);
            create(image, id, n, p, r, asRoot);
          }
        }
        default -> throw new Whole(n.type + " entries");
      }
    }
    if (entriesChanged || on != nn) {
      written.add(rel);
      if (inode == InitialImage.ROOT_INODE) {
        Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class, NOFOLLOW)
            .setPermissions(PosixFilePermissions.fromString("rwx------"));
      } else {
        attributes(path, nn, asRoot);
      }
    }
  }

  /** Lets this process write into a directory the checker (or the state) made read-only. */
  private static void ensureWritable(Path dir, Stat s) throws IOException {
    if (s != null && (s.mode() & 0700) != 0700) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  private static String child(String rel, String name) {
    return rel.isEmpty() ? name : rel + "/" + name;
  }

  private static Path childPath(Path dir, String name) throws Whole {
    Names.check(name);
    Path p = dir.resolve(name);
    if (!p.getParent().equals(dir) || p.toString().length() > MAX_PATH) {
      throw new Whole("a long path");
    }
    return p;
  }

  /** Writes a new entry: a file, a symlink or a directory with everything in it. */
  private void create(FsImage image, long id, Node n, Path p, String rel, boolean asRoot) throws Whole, IOException {
    written.add(rel);
    switch (n.type) {
      case REGULAR -> {
        Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        writeBlocks(image, id, n, p, null);
        attributes(p, n, asRoot);
      }
      case SYMLINK -> {
        Files.createSymbolicLink(p, p.getFileSystem().getPath(n.linkTarget));
        if (asRoot) {
          Files.setAttribute(p, "unix:uid", n.uid, NOFOLLOW);
          Files.setAttribute(p, "unix:gid", n.gid, NOFOLLOW);
        }
        times(p, n);
      }
      case DIRECTORY -> {
        Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        for (Map.Entry<String, Long> e : n.entries.entrySet()) {
          Node c = image.nodes.get(e.getValue());
          if (c.nlink > 1 || c.xattrs != null) {
            throw new Whole("hard links or extended attributes");
          }
          Materializer.checkEntry(e.getKey(), c);
          create(image, e.getValue(), c, childPath(p, e.getKey()), child(rel, e.getKey()), asRoot);
        }
        attributes(p, n, asRoot);
      }
      default -> throw new Whole(n.type + " entries");
    }
  }

  /** Changes a file whose node differs: only the blocks that differ, then the size and attributes. */
  private static void patchFile(FsImage old, FsImage image, long id, Node o, Node n, Path p, boolean asRoot)
      throws IOException {
    if ((o.mode & 0600) != 0600) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    }
    writeBlocks(image, id, n, p, o);
    attributes(p, n, asRoot);
  }

  /**
   * Writes the blocks of {@code n} that are not those of {@code o} (all of them when {@code o} is
   * null), zeroes blocks that became holes, and sets the size.
   */
  private static void writeBlocks(FsImage image, long id, Node n, Path p, Node o) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      long count = (n.size + Block.SIZE - 1) / Block.SIZE;
      byte[] buf = new byte[Block.SIZE];
      byte[] zero = null;
      for (long i = 0; i < count; i++) {
        Block b = n.block(i);
        Block was = o == null ? null : o.block(i);
        int len = (int) Math.min(Block.SIZE, n.size - i * Block.SIZE);
        boolean sameTail = o == null || i * Block.SIZE + len <= o.size;
        if (o != null && b == was && sameTail && (b != null || i * Block.SIZE < o.size)) {
          continue;
        }
        if (b == null) {
          if (o == null) {
            continue; // a hole in a new file
          }
          if (zero == null) {
            zero = new byte[Block.SIZE];
          }
          write(ch, ByteBuffer.wrap(zero, 0, len), i * Block.SIZE);
          continue;
        }
        b.copyTo(buf, 0);
        write(ch, ByteBuffer.wrap(buf, 0, len), i * Block.SIZE);
      }
      if (ch.size() > n.size) {
        ch.truncate(n.size);
      } else if (ch.size() < n.size) {
        write(ch, ByteBuffer.wrap(new byte[1]), n.size - 1); // a trailing hole
      }
    }
  }

  private static void write(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      pos += ch.write(b, pos);
    }
  }

  /** Owner, times and mode, as {@link Materializer} sets them (mode last). */
  private static void attributes(Path p, Node n, boolean asRoot) throws IOException {
    if (asRoot) {
      Files.setAttribute(p, "unix:uid", n.uid, NOFOLLOW);
      Files.setAttribute(p, "unix:gid", n.gid, NOFOLLOW);
    }
    times(p, n);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Materializer.permString(n.mode)));
    if ((n.mode & 07000) != 0) {
      Files.setAttribute(p, "unix:mode", n.mode & 07777, NOFOLLOW);
    }
  }

  private static void times(Path p, Node n) throws IOException {
    if (n.mtimeNanos == 0 && n.atimeNanos == 0) {
      return;
    }
    FileTime m = FileTime.from(n.mtimeNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    FileTime a = n.atimeNanos == 0 ? m : FileTime.from(n.atimeNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class, NOFOLLOW).setTimes(m, a, null);
  }

  /** Deletes {@code p} and what is below it, never following a link. */
  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, NOFOLLOW)) {
      return;
    }
    if (!Files.isDirectory(p, NOFOLLOW)) {
      try {
        Files.delete(p);
      } catch (NoSuchFileException e) {
        // gone already
      }
      return;
    }
    Files.walkFileTree(p, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
        Files.delete(f);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
