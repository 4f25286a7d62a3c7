package dev.blackout.core.image;

import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.OpMeta;
import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.TraceOp;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Performs a seeded random sequence of real java.nio operations in a directory and records the
 * equivalent trace ops, assigning inode and handle ids itself (the way the recorder does).
 */
final class RandomWorkload {
  private static final String[] NAMES = {"a", "b", "c", "db", "tmp", "x.log", "sub", "z"};
  private static final String[] TARGETS = {"a", "../b", "/tmp/somewhere", "sub/db", "../../etc/x"};

  private final Random rnd;
  private final Path root;
  final List<TraceOp> ops = new ArrayList<>();
  /** Every entry below the root: relative path to inode. */
  private final TreeMap<String, Long> inodeOf = new TreeMap<>();
  private final TreeMap<String, Kind> kindOf = new TreeMap<>();
  private long nextInode = 2;
  private long nextHandle = 1;
  private long seq = 1;

  enum Kind {
    FILE,
    DIR,
    LINK
  }

  RandomWorkload(long seed, Path root) {
    this.rnd = new Random(seed);
    this.root = root;
  }

  private OpMeta meta() {
    return OpMeta.of(seq++);
  }

  void run(int steps) throws IOException {
    for (int i = 0; i < steps; i++) {
      step();
    }
  }

  private void step() throws IOException {
    switch (rnd.nextInt(13)) {
      case 0, 1 -> createFile();
      case 2 -> mkdir();
      case 3, 4 -> writeExisting();
      case 5 -> truncate();
      case 6 -> renameEntry();
      case 7 -> renameDir();
      case 8 -> unlink();
      case 9 -> rmdir();
      case 10 -> hardLinkOrSymlink();
      case 11 -> chmod();
      default -> unlinkWhileOpen();
    }
  }

  // ---- choosing ----

  private List<String> paths(Kind k) {
    List<String> l = new ArrayList<>();
    kindOf.forEach((p, kk) -> {
      if (kk == k) {
        l.add(p);
      }
    });
    return l;
  }

  private <T> T pick(List<T> l) {
    return l.isEmpty() ? null : l.get(rnd.nextInt(l.size()));
  }

  private String pickDir() {
    List<String> dirs = paths(Kind.DIR);
    dirs.add("");
    return pick(dirs);
  }

  private static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  private static String parentOf(String path) {
    int i = path.lastIndexOf('/');
    return i < 0 ? "" : path.substring(0, i);
  }

  private static String nameOf(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private long inode(String path) {
    return path.isEmpty() ? InitialImage.ROOT_INODE : inodeOf.get(path);
  }

  private Path real(String path) {
    return path.isEmpty() ? root : root.resolve(path);
  }

  private byte[] data() {
    int len = rnd.nextInt(4) == 0 ? rnd.nextInt(3 * 4096 + 10) : rnd.nextInt(300);
    byte[] b = new byte[len];
    rnd.nextBytes(b);
    if (rnd.nextInt(5) == 0) {
      java.util.Arrays.fill(b, (byte) 0);
    }
    return b;
  }

  private static int mode(Path p) throws IOException {
    int m = 0;
    Set<PosixFilePermission> s = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
    for (PosixFilePermission perm : s) {
      m |= 0400 >> perm.ordinal();
    }
    return m;
  }

  private void writes(SeekableByteChannel ch, long inode, long handle) throws IOException {
    int n = rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      long size = ch.size();
      long off =
          switch (rnd.nextInt(3)) {
            case 0 -> size; // append
            case 1 -> size == 0 ? 0 : rnd.nextInt((int) size); // overwrite
            default -> size + rnd.nextInt(20_000); // leave a hole
          };
      byte[] b = data();
      ch.position(off);
      ByteBuffer bb = ByteBuffer.wrap(b);
      while (bb.hasRemaining()) {
        ch.write(bb);
      }
      ops.add(new TraceOp.Write(meta(), inode, handle, off, Payload.of(b), OpenFlags.O_WRONLY));
    }
  }

  // ---- actions ----

  private void createFile() throws IOException {
    String dir = pickDir();
    String path = join(dir, pick(List.of(NAMES)));
    if (kindOf.containsKey(path)) {
      return;
    }
    long ino = nextInode++;
    long h = nextHandle++;
    try (SeekableByteChannel ch =
        Files.newByteChannel(real(path), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ops.add(
          new TraceOp.Create(
              meta(), inode(dir), nameOf(path), ino, mode(real(path)), h,
              OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL));
      inodeOf.put(path, ino);
      kindOf.put(path, Kind.FILE);
      writes(ch, ino, h);
    }
    ops.add(new TraceOp.Flush(meta(), ino, h));
    ops.add(new TraceOp.Release(meta(), ino, h));
  }

  private void mkdir() throws IOException {
    String dir = pickDir();
    String path = join(dir, pick(List.of(NAMES)));
    if (kindOf.containsKey(path) || path.split("/").length > 4) {
      return;
    }
    Files.createDirectory(real(path));
    long ino = nextInode++;
    ops.add(new TraceOp.Mkdir(meta(), inode(dir), nameOf(path), ino, mode(real(path))));
    inodeOf.put(path, ino);
    kindOf.put(path, Kind.DIR);
  }

  private void writeExisting() throws IOException {
    String path = pick(paths(Kind.FILE));
    if (path == null) {
      return;
    }
    boolean trunc = rnd.nextInt(5) == 0;
    long ino = inode(path);
    long h = nextHandle++;
    Set<StandardOpenOption> opts =
        trunc
            ? Set.of(StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
            : Set.of(StandardOpenOption.WRITE);
    try (SeekableByteChannel ch = Files.newByteChannel(real(path), opts)) {
      ops.add(
          new TraceOp.Open(
              meta(), ino, h, OpenFlags.O_WRONLY | (trunc ? OpenFlags.O_TRUNC : 0)));
      writes(ch, ino, h);
    }
    ops.add(new TraceOp.Release(meta(), ino, h));
  }

  private void truncate() throws IOException {
    String path = pick(paths(Kind.FILE));
    if (path == null) {
      return;
    }
    long ino = inode(path);
    long h = nextHandle++;
    try (RandomAccessFile f = new RandomAccessFile(real(path).toFile(), "rw")) {
      ops.add(new TraceOp.Open(meta(), ino, h, OpenFlags.O_RDWR));
      long size = rnd.nextBoolean() ? rnd.nextInt((int) f.length() + 1) : f.length() + rnd.nextInt(9000);
      f.setLength(size);
      ops.add(new TraceOp.Truncate(meta(), ino, h, size));
    }
    ops.add(new TraceOp.Release(meta(), ino, h));
  }

  private void renameEntry() throws IOException {
    List<String> srcs = paths(Kind.FILE);
    srcs.addAll(paths(Kind.LINK));
    String src = pick(srcs);
    if (src == null) {
      return;
    }
    String dst = join(pickDir(), pick(List.of(NAMES)));
    Kind dk = kindOf.get(dst);
    if (dst.equals(src) || dk == Kind.DIR) {
      return;
    }
    long ino = inode(src);
    long replaced = dk == null ? 0 : inode(dst);
    Files.move(real(src), real(dst), StandardCopyOption.ATOMIC_MOVE);
    ops.add(
        new TraceOp.Rename(
            meta(), inode(parentOf(src)), nameOf(src), inode(parentOf(dst)), nameOf(dst), ino,
            replaced, 0));
    if (replaced == ino) {
      return; // rename(2) onto another link of the same file does nothing
    }
    Kind k = kindOf.remove(src);
    inodeOf.remove(src);
    kindOf.put(dst, k);
    inodeOf.put(dst, ino);
  }

  private void renameDir() throws IOException {
    String src = pick(paths(Kind.DIR));
    if (src == null) {
      return;
    }
    String dstDir = pickDir();
    if (dstDir.equals(src) || dstDir.startsWith(src + "/")) {
      return;
    }
    String dst = join(dstDir, pick(List.of(NAMES)));
    Kind dk = kindOf.get(dst);
    if (dst.equals(src) || (dk != null && (dk != Kind.DIR || hasChildren(dst)))) {
      return;
    }
    long replaced = dk == null ? 0 : inode(dst);
    long ino = inode(src);
    Files.move(real(src), real(dst), StandardCopyOption.ATOMIC_MOVE);
    ops.add(
        new TraceOp.Rename(
            meta(), inode(parentOf(src)), nameOf(src), inode(dstDir), nameOf(dst), ino, replaced,
            0));
    if (dk != null) {
      kindOf.remove(dst);
      inodeOf.remove(dst);
    }
    for (String p : new ArrayList<>(kindOf.keySet())) {
      if (p.equals(src) || p.startsWith(src + "/")) {
        String moved = dst + p.substring(src.length());
        kindOf.put(moved, kindOf.remove(p));
        inodeOf.put(moved, inodeOf.remove(p));
      }
    }
  }

  private boolean hasChildren(String dir) {
    String prefix = dir + "/";
    String next = kindOf.higherKey(prefix);
    return (next != null && next.startsWith(prefix)) || kindOf.containsKey(prefix);
  }

  private void unlink() throws IOException {
    List<String> l = paths(Kind.FILE);
    l.addAll(paths(Kind.LINK));
    String path = pick(l);
    if (path == null) {
      return;
    }
    Files.delete(real(path));
    ops.add(new TraceOp.Unlink(meta(), inode(parentOf(path)), nameOf(path), inode(path)));
    kindOf.remove(path);
    inodeOf.remove(path);
  }

  private void rmdir() throws IOException {
    String path = pick(paths(Kind.DIR));
    if (path == null || hasChildren(path)) {
      return;
    }
    Files.delete(real(path));
    ops.add(new TraceOp.Rmdir(meta(), inode(parentOf(path)), nameOf(path), inode(path)));
    kindOf.remove(path);
    inodeOf.remove(path);
  }

  private void hardLinkOrSymlink() throws IOException {
    String path = join(pickDir(), pick(List.of(NAMES)));
    if (kindOf.containsKey(path)) {
      return;
    }
    String file = pick(paths(Kind.FILE));
    if (file != null && rnd.nextBoolean()) {
      Files.createLink(real(path), real(file));
      ops.add(new TraceOp.Link(meta(), inode(file), inode(parentOf(path)), nameOf(path)));
      inodeOf.put(path, inode(file));
      kindOf.put(path, Kind.FILE);
    } else {
      String target = pick(List.of(TARGETS));
      Files.createSymbolicLink(real(path), root.getFileSystem().getPath(target));
      long ino = nextInode++;
      ops.add(new TraceOp.Symlink(meta(), inode(parentOf(path)), nameOf(path), ino, target));
      inodeOf.put(path, ino);
      kindOf.put(path, Kind.LINK);
    }
  }

  private void chmod() throws IOException {
    List<String> l = paths(Kind.FILE);
    l.addAll(paths(Kind.DIR));
    String path = pick(l);
    if (path == null) {
      return;
    }
    boolean dir = kindOf.get(path) == Kind.DIR;
    int mode = rnd.nextInt(01000) | (dir ? 0700 : 0600);
    Files.setPosixFilePermissions(
        real(path), java.nio.file.attribute.PosixFilePermissions.fromString(Materializer.permString(mode)));
    ops.add(new TraceOp.Chmod(meta(), inode(path), mode));
  }

  private void unlinkWhileOpen() throws IOException {
    String path = pick(paths(Kind.FILE));
    if (path == null) {
      return;
    }
    long ino = inode(path);
    long h = nextHandle++;
    try (SeekableByteChannel ch = Files.newByteChannel(real(path), StandardOpenOption.WRITE)) {
      ops.add(new TraceOp.Open(meta(), ino, h, OpenFlags.O_WRONLY));
      Files.delete(real(path));
      ops.add(new TraceOp.Unlink(meta(), inode(parentOf(path)), nameOf(path), ino));
      kindOf.remove(path);
      inodeOf.remove(path);
      writes(ch, ino, h);
    }
    ops.add(new TraceOp.Release(meta(), ino, h));
  }
}
