package dev.blackout.fuse;

import dev.blackout.fuse.internal.LibC;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A seeded random mix of every request the recorder handles, run on a directory through system
 * calls (names as bytes, paths relative to descriptors): writes at random offsets (sparse, past 4
 * GiB, O_SYNC, O_DSYNC, O_DIRECT, O_APPEND, through mmap), truncates up and down, every fallocate
 * mode, create/mkdir/mknod/symlink/link/unlink/rmdir, renames with every flag (onto another link of
 * the same file too), chmod/chown/utimens in setgid and sticky directories, xattrs, long names and
 * a chain of directories deeper than 4 KiB. Results are not checked here: what matters is the tree
 * it leaves. Several run at once on one tree as child processes ({@link #main}).
 */
final class FuzzWorkload {
  private static final String[] DIRS = {"", "d0", "d1", "d0/d2", "sg", "st", "sg/in"};
  private static final String[] NAMES = {
    "a", "b", "c", "f.tmp", "h1", "h2", "ünï", "日本", "N".repeat(255), "d3"
  };
  private static final long GIB = 1L << 30;
  private static final String DEEP = "x".repeat(200);

  private final Random random;
  private final int root;
  private final Path rootPath;
  private final boolean asRoot;
  /** How many calls of each kind succeeded and failed, for the log. */
  final Map<String, int[]> counts = new TreeMap<>();

  FuzzWorkload(long seed, Path rootPath, boolean asRoot) throws IOException {
    this.random = new Random(seed);
    this.rootPath = rootPath;
    this.asRoot = asRoot;
    this.root = RawFs.openDir(LibC.AT_FDCWD, rootPath.toString());
    if (root < 0) {
      throw new IOException("cannot open " + rootPath + ": errno " + -root);
    }
  }

  /** The directories every worker expects; run once before the workers. */
  static void prepare(Path rootPath, boolean asRoot) throws IOException {
    int fd = RawFs.openDir(LibC.AT_FDCWD, rootPath.toString());
    for (String d : new String[] {"d0", "d1", "d0/d2", "sg", "st", "deep"}) {
      RawFs.mkdir(fd, d, 0755);
    }
    RawFs.chmod(fd, "sg", 02775);
    if (asRoot) {
      RawFs.chown(fd, "sg", -1, 4321); // new entries in sg get group 4321 and sg/in inherits 02000
    }
    RawFs.mkdir(fd, "sg/in", 0750);
    RawFs.chmod(fd, "st", 01777);
    RawFs.close(fd);
  }

  void close() {
    RawFs.close(root);
  }

  private void count(String kind, long r) {
    counts.computeIfAbsent(kind, k -> new int[2])[r < 0 ? 1 : 0]++;
  }

  private String path() {
    String d = DIRS[random.nextInt(DIRS.length)];
    String n = NAMES[random.nextInt(NAMES.length)];
    return d.isEmpty() ? n : d + "/" + n;
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    if (random.nextInt(4) == 0) {
      java.util.Arrays.fill(b, 0, n / 2, (byte) 0); // zeros that are data, not holes
    }
    return b;
  }

  private long offset() {
    return switch (random.nextInt(10)) {
      case 0 -> 4 * GIB + random.nextInt(1 << 20); // past 4 GiB
      case 1 -> GIB + random.nextInt(1 << 30); // sparse
      case 2, 3 -> random.nextInt(4 << 20);
      default -> random.nextInt(70_000);
    };
  }

  private int mode() {
    int[] modes = {0644, 0600, 0755, 0444, 02755, 04755, 01777, 0700, 06775};
    return modes[random.nextInt(modes.length)];
  }

  void step() throws IOException {
    String p = path();
    switch (random.nextInt(30)) {
      case 0, 1, 2 -> write(p, 0);
      case 3 -> write(p, RawFs.O_SYNC);
      case 4 -> write(p, RawFs.O_DSYNC);
      case 5 -> write(p, LibC.O_APPEND);
      case 6 -> direct(p);
      case 7 -> mmap(p);
      case 8 -> truncate(p);
      case 9 -> fallocate(p);
      case 10 -> count("mkdir", RawFs.mkdir(root, p, mode()));
      case 11 -> mknod(p);
      case 12 -> count("symlink", RawFs.symlink(random.nextBoolean() ? "a" : "../" + path(), root, p));
      case 13, 14 -> count("link", RawFs.link(root, path(), root, p));
      case 15, 16 -> count("unlink", RawFs.unlink(root, p));
      case 17 -> count("rmdir", RawFs.rmdir(root, p));
      case 18, 19 -> rename(p);
      case 20 -> sameFileRename();
      case 21 -> count("chmod", RawFs.chmod(root, p, mode()));
      case 22 -> chown(p);
      case 23 -> utimens(p);
      case 24 -> count("setxattr", RawFs.setxattr(root, p, "user.k" + random.nextInt(3), bytes(random.nextInt(40))));
      case 25 -> count("removexattr", RawFs.removexattr(root, p, "user.k" + random.nextInt(3)));
      case 26 -> deep();
      case 27 -> syncDir();
      default -> count("create", create(p));
    }
  }

  private int create(String p) {
    int fd = RawFs.open(root, p, LibC.O_WRONLY | LibC.O_CREAT | (random.nextBoolean() ? LibC.O_EXCL : 0)
        | (random.nextInt(4) == 0 ? LibC.O_TRUNC : 0), mode());
    if (fd >= 0) {
      RawFs.close(fd);
    }
    return fd;
  }

  private void write(String p, int flag) {
    int fd = RawFs.open(root, p, LibC.O_WRONLY | LibC.O_CREAT | flag, mode());
    count("open", fd);
    if (fd < 0) {
      return;
    }
    int writes = 1 + random.nextInt(3);
    for (int i = 0; i < writes; i++) {
      byte[] data = bytes(1 + random.nextInt(random.nextInt(8) == 0 ? 300_000 : 9000));
      count("write", RawFs.pwrite(fd, data, offset()));
    }
    switch (random.nextInt(4)) {
      case 0 -> count("fsync", RawFs.fsync(fd));
      case 1 -> count("fdatasync", RawFs.fdatasync(fd));
      default -> {}
    }
    RawFs.close(fd);
  }

  private void direct(String p) {
    int fd = RawFs.open(root, p, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_DIRECT, 0644);
    count("open O_DIRECT", fd);
    if (fd < 0) {
      return;
    }
    byte[] data = bytes(4096 * (1 + random.nextInt(8)));
    count("write O_DIRECT", RawFs.pwriteAligned(fd, data, 4096L * random.nextInt(256)));
    RawFs.close(fd);
  }

  private void mmap(String p) throws IOException {
    int fd = RawFs.open(root, p, LibC.O_RDWR | LibC.O_CREAT, 0644);
    count("open mmap", fd);
    if (fd < 0) {
      return;
    }
    try (FileChannel ch = FileChannel.open(Path.of("/proc/self/fd/" + fd),
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      if (size == 0 || size > 64 << 20) {
        count("mmap write", -1);
        return;
      }
      int len = (int) Math.min(size, 1 + random.nextInt(20_000));
      long at = random.nextInt((int) (size - len + 1));
      MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, at, len);
      m.put(bytes(len));
      if (random.nextBoolean()) {
        m.force();
      }
      count("mmap write", 0);
    } catch (IOException e) {
      count("mmap write", -1);
    } finally {
      RawFs.close(fd);
    }
  }

  private void truncate(String p) {
    int fd = RawFs.open(root, p, LibC.O_WRONLY, 0);
    if (fd < 0) {
      count("truncate", fd);
      return;
    }
    long size = random.nextInt(5) == 0 ? 4 * GIB + random.nextInt(1 << 20) : random.nextInt(300_000);
    count("truncate", RawFs.ftruncate(fd, size));
    RawFs.close(fd);
  }

  private void fallocate(String p) {
    int fd = RawFs.open(root, p, LibC.O_RDWR, 0);
    if (fd < 0) {
      count("fallocate", fd);
      return;
    }
    // 0, KEEP_SIZE, PUNCH_HOLE|KEEP_SIZE, ZERO_RANGE, ZERO_RANGE|KEEP_SIZE; COLLAPSE_RANGE and
    // INSERT_RANGE, which the recorder refuses
    int[] modes = {0, 1, 3, 0x10, 0x11, 0x08, 0x20};
    int mode = modes[random.nextInt(modes.length)];
    count("fallocate " + mode, RawFs.fallocate(fd, mode, 4096L * random.nextInt(100), 4096L * (1 + random.nextInt(50))));
    RawFs.close(fd);
  }

  private void mknod(String p) {
    if (asRoot && random.nextBoolean()) {
      count("mknod chr", RawFs.mknod(root, p, RawFs.S_IFCHR | 0600, (1 << 8) | 3));
    } else {
      count("mknod fifo", RawFs.mknod(root, p, RawFs.S_IFIFO | (mode() & 0777), 0));
    }
  }

  private void rename(String p) {
    int[] flags = {0, 0, RawFs.RENAME_NOREPLACE, RawFs.RENAME_EXCHANGE, RawFs.RENAME_WHITEOUT};
    int f = flags[random.nextInt(flags.length)];
    count("rename " + f, RawFs.rename(root, p, root, path(), f));
  }

  /** Two links of one file, then a rename from one onto the other (which does nothing). */
  private void sameFileRename() {
    String d = DIRS[random.nextInt(DIRS.length)];
    String a = (d.isEmpty() ? "" : d + "/") + "h1";
    String b = (d.isEmpty() ? "" : d + "/") + "h2";
    count("create", create(a));
    count("link", RawFs.link(root, a, root, b));
    count("rename same " + 0, RawFs.rename(root, a, root, b, random.nextBoolean() ? 0 : RawFs.RENAME_EXCHANGE));
  }

  private void chown(String p) {
    int[] ids = {-1, 0, 1000, 1001};
    if (!asRoot) {
      return;
    }
    count("chown", RawFs.chown(root, p, ids[random.nextInt(ids.length)], ids[random.nextInt(ids.length)]));
  }

  private void utimens(String p) {
    long[] choices = {RawFs.UTIME_NOW, RawFs.UTIME_OMIT, 1_000_000_000L * (1_500_000_000L + random.nextInt(1 << 20)) + random.nextInt(1_000_000_000)};
    count("utimens", RawFs.utimens(root, p, choices[random.nextInt(3)], choices[random.nextInt(3)]));
  }

  /**
   * A chain of 24 directories of 200-byte names under deep/ (paths past 5 KiB), walked with
   * descriptors, and a file written at the bottom; sometimes a link to it at the top, or the
   * bottom renamed.
   */
  private void deep() {
    int dir = RawFs.openDir(root, "deep");
    if (dir < 0) {
      count("deep", dir);
      return;
    }
    int depth = 1 + random.nextInt(24);
    for (int i = 0; i < depth && dir >= 0; i++) {
      RawFs.mkdir(dir, DEEP, 0755);
      int next = RawFs.openDir(dir, DEEP);
      RawFs.close(dir);
      dir = next;
    }
    if (dir < 0) {
      count("deep", dir);
      return;
    }
    int fd = RawFs.open(dir, "bottom", LibC.O_WRONLY | LibC.O_CREAT, 0644);
    count("deep create", fd);
    if (fd >= 0) {
      count("deep write", RawFs.pwrite(fd, bytes(1 + random.nextInt(5000)), random.nextInt(10_000)));
      RawFs.close(fd);
      switch (random.nextInt(4)) {
        case 0 -> count("deep link", RawFs.link(dir, "bottom", root, "deep/top"));
        case 1 -> count("deep rename", RawFs.rename(dir, "bottom", dir, "moved", 0));
        case 2 -> count("deep xattr", RawFs.setxattr(dir, "bottom", "user.deep", bytes(8)));
        default -> count("deep unlink", RawFs.unlink(dir, "bottom"));
      }
    }
    RawFs.close(dir);
  }

  private void syncDir() {
    int fd = RawFs.openDir(root, DIRS[random.nextInt(DIRS.length)].isEmpty() ? "." : DIRS[random.nextInt(DIRS.length)]);
    if (fd >= 0) {
      count("fsync dir", RawFs.fsync(fd));
      RawFs.close(fd);
    }
  }

  /** A child process: {@code ROOT SEED STEPS AS_ROOT}; prints its counts. */
  public static void main(String[] args) throws Exception {
    FuzzWorkload w = new FuzzWorkload(Long.parseLong(args[1]), Path.of(args[0]), Boolean.parseBoolean(args[3]));
    int steps = Integer.parseInt(args[2]);
    for (int i = 0; i < steps; i++) {
      w.step();
    }
    w.close();
    StringBuilder sb = new StringBuilder();
    w.counts.forEach((k, v) -> sb.append(k).append(' ').append(v[0]).append('/').append(v[0] + v[1]).append(", "));
    System.out.println(sb);
  }
}
