package dev.blackout.core.image;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.RawNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Writes an {@link FsImage} into a fresh private directory (mode 0700) safely: names are checked
 * again, symlinks are created as links and never followed, nothing is written outside the target.
 *
 * <p>How (docs/materializing.md has the reasons): the whole tree is checked before anything is
 * created; every directory, file, FIFO and symlink is created new ({@code CREATE_NEW}, {@code
 * NOFOLLOW_LINKS}) under a directory this materializer created itself in this run, so no path it
 * uses can pass through a symlink; a directory gets its attributes when it is complete, after
 * everything in it. Paths stay short however deep the tree ({@link Writer}); hard links are real,
 * symlinks included. Devices and sockets are skipped and reported; names Java cannot create
 * (bytes that are not UTF-8) are refused before anything is written.
 */
public final class Materializer {
  private Materializer() {}

  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final Set<PosixFilePermission> PRIVATE_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> PRIVATE_FILE =
      PosixFilePermissions.fromString("rw-------");

  /**
   * What was written: the target, what could not be (one line per path, with the reason), and how
   * many of each kind were left out ("character device", "FIFO", "xattr"...).
   */
  public record Result(Path target, List<String> skipped, Map<String, Integer> skippedKinds) {
    public Result {
      skipped = List.copyOf(skipped);
      skippedKinds = Collections.unmodifiableMap(new TreeMap<>(skippedKinds));
    }

    /** "2 character devices, 1 xattr", or "" when nothing was left out. */
    public String skippedSummary() {
      StringBuilder sb = new StringBuilder();
      skippedKinds.forEach(
          (kind, n) ->
              sb.append(sb.length() == 0 ? "" : ", ")
                  .append(n)
                  .append(' ')
                  .append(kind)
                  .append(n == 1 ? "" : "s"));
      return sb.toString();
    }
  }

  /**
   * Writes {@code image} into {@code target}, which must not exist yet (its parent must); returns
   * {@code target}.
   *
   * @throws ImageException when the image holds a hostile name, symlink target or a directory
   *     cycle; nothing is created then
   * @throws IOException when the target exists, its parent does not, or writing fails (what was
   *     written so far is left for inspection)
   */
  public static Path materialize(FsImage image, Path target) throws IOException {
    return materializeReporting(image, target).target();
  }

  /** As {@link #materialize}, also reporting the entries that were skipped and why. */
  public static Result materializeReporting(FsImage image, Path target) throws IOException {
    Path dest = target.toAbsolutePath().normalize();
    Path parent = dest.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new NoSuchFileException(
          dest.toString(), null, "the parent directory of the target does not exist");
    }
    if (Files.exists(dest, NOFOLLOW)) {
      throw new FileAlreadyExistsException(
          dest.toString(), null, "the target already exists; materializing needs a fresh path");
    }
    check(image);
    Files.createDirectory(dest, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
    Files.getFileAttributeView(dest, PosixFileAttributeView.class, NOFOLLOW)
        .setPermissions(PRIVATE_DIR); // the umask may have taken bits; put the owner's back
    Writer w = new Writer(image, dest);
    try {
      TreeWalker.walk(image, w);
      w.finish();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
    return new Result(target, w.skipped, w.skippedKinds);
  }

  /** Checks every name, symlink target and directory before anything is created. */
  static void check(FsImage image) {
    try {
      TreeWalker.walk(
          image,
          new TreeWalker.Visitor<Void>() {
            @Override
            public Void enterDir(Void parent, String name, long inode, Node node) {
              writable(name, "name");
              return null;
            }

            @Override
            public void leaf(Void parent, String name, long inode, Node node) {
              writable(name, "name");
              if (node.type == FileType.SYMLINK) {
                FsImage.checkLinkTarget(node.linkTarget);
                writable(node.linkTarget, "symlink target");
              }
            }

            @Override
            public void leaveDir(Void ctx, long inode, Node node) {}
          });
    } catch (ImageException e) {
      throw new ImageException("cannot materialize: " + e.getMessage());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@link #check} for one entry about to be created. */
  static void checkEntry(String name, Node node) {
    try {
      writable(name, "name");
      if (node.type == FileType.SYMLINK) {
        FsImage.checkLinkTarget(node.linkTarget);
        writable(node.linkTarget, "symlink target");
      }
    } catch (ImageException e) {
      throw new ImageException("cannot materialize: " + e.getMessage());
    }
  }

  /**
   * Refuses a name (or symlink target) Java's file API cannot create: one holding bytes that are
   * not UTF-8 ({@link RawNames}), or characters the JVM's file-name encoding ({@code
   * sun.jnu.encoding}) cannot encode. Creating it anyway would write a different name.
   */
  private static void writable(String s, String what) {
    if (s.isEmpty()) {
      return; // the root
    }
    if (RawNames.hasEscapes(s)) {
      throw new ImageException(
          what + " '" + Names.printable(s) + "' is not valid UTF-8, and Java's file API cannot"
              + " create it (docs/materializing.md)");
    }
    if (!FILE_NAME_ENCODER.get().canEncode(s)) {
      throw new ImageException(
          what + " '" + Names.printable(s) + "' cannot be encoded in this JVM's file-name encoding "
              + System.getProperty("sun.jnu.encoding") + " (run with a UTF-8 locale)");
    }
  }

  private static final ThreadLocal<CharsetEncoder> FILE_NAME_ENCODER =
      ThreadLocal.withInitial(
          () -> {
            String name = System.getProperty("sun.jnu.encoding");
            Charset cs;
            try {
              cs = name == null ? Charset.defaultCharset() : Charset.forName(name);
            } catch (IllegalArgumentException e) {
              cs = Charset.defaultCharset();
            }
            return cs.newEncoder();
          });

  /** A directory being written: where it is now, and where it goes when it is complete. */
  private record Dir(Path path, Dir parent, String name) {}

  /**
   * One materialization. Every directory but the root is built under a short staging path inside
   * the target ({@code STAGE/dN}) and moved into its parent (itself still staged, so its path is
   * short too) once it is complete, then given its attributes: no path this writer uses is longer
   * than the target's plus a few short components, however deep the tree (the kernel refuses paths
   * over 4 KiB, Java has no {@code *at} calls). An inode with several links is written once in the
   * stage ({@code STAGE/iN}) and every name is {@code link(2)}ed to it, symlinks and FIFOs too.
   */
  private static final class Writer implements TreeWalker.Visitor<Dir> {
    private final FsImage image;
    private final Path root;
    private final Path stage;
    private final boolean asRoot;
    /** Inodes with several links, written once in the stage. */
    private final Map<Long, Path> pooled = new HashMap<>();
    private int nextDir;
    final List<String> skipped = new ArrayList<>();
    final Map<String, Integer> skippedKinds = new TreeMap<>();

    private void skip(String kind, String line) {
      skipped.add(line);
      skippedKinds.merge(kind, 1, Integer::sum);
    }

    Writer(FsImage image, Path root) throws IOException {
      this.image = image;
      this.root = root;
      Object uid = Files.getAttribute(root, "unix:uid", NOFOLLOW);
      this.asRoot = Integer.valueOf(0).equals(uid);
      Set<String> top = image.list(InitialImage.ROOT_INODE).keySet();
      String name = ".blackout-stage";
      for (int i = 1; top.contains(name); i++) {
        name = ".blackout-stage-" + i;
      }
      this.stage = root.resolve(name);
      Files.createDirectory(stage, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
    }

    /** {@code dir/name} after checking the name again and that it stays directly below dir. */
    private Path child(Path dir, String name) {
      Names.check(name);
      Path p = dir.resolve(name);
      if (!p.getParent().equals(dir) || !p.startsWith(root) || p.equals(root)) {
        throw new ImageException("name '" + Names.printable(name) + "' leaves its directory");
      }
      return p;
    }

    @Override
    public Dir enterDir(Dir parent, String name, long inode, Node node) throws IOException {
      if (parent == null) {
        return new Dir(root, null, "");
      }
      Path p = stage.resolve("d" + nextDir++);
      Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
      return new Dir(p, parent, name);
    }

    @Override
    public void leaveDir(Dir dir, long inode, Node node) throws IOException {
      if (dir.parent() == null) {
        return; // the target keeps its own private mode
      }
      Path p = child(dir.parent().path(), dir.name());
      Files.move(dir.path(), p, NOFOLLOW);
      attributes(p, node, relative(dir.parent(), dir.name()));
    }

    @Override
    public void leaf(Dir parent, String name, long inode, Node node) throws IOException {
      Path p = child(parent.path(), name);
      if (node.type != FileType.REGULAR
          && node.type != FileType.SYMLINK
          && node.type != FileType.FIFO) {
        skip(node.type.name().toLowerCase(Locale.ROOT).replace('_', ' ').replace("char ", "character "),
            relative(parent, name) + ": " + node.type
                + " not materialized (devices and sockets never are)");
        return;
      }
      if (node.nlink <= 1) {
        create(p, inode, node, parent, name);
        return;
      }
      Path first;
      if (pooled.containsKey(inode)) {
        first = pooled.get(inode);
        if (first == null) {
          return; // it could not be created for its first name either (reported then)
        }
      } else {
        first = stage.resolve("i" + inode);
        if (!create(first, inode, node, parent, name)) {
          first = null;
        }
        pooled.put(inode, first);
        if (first == null) {
          return;
        }
      }
      Files.createLink(p, first);
    }

    /** Creates a file, FIFO or symlink at {@code p} with its attributes; false when skipped. */
    private boolean create(Path p, long inode, Node node, Dir parent, String name)
        throws IOException {
      switch (node.type) {
        case REGULAR -> writeFile(p, inode);
        case SYMLINK ->
            // A symlink is created as a link, with its target verbatim; it is never resolved.
            Files.createSymbolicLink(p, p.getFileSystem().getPath(node.linkTarget));
        default -> {
          String why = mkfifo(p, node);
          if (why != null) {
            skip("FIFO", relative(parent, name) + ": FIFO not created (" + why + ")");
            return false;
          }
        }
      }
      attributes(p, node, relative(parent, name));
      return true;
    }

    /** Where an entry is in the finished tree, for reports. */
    private String relative(Dir dir, String name) {
      StringBuilder sb = new StringBuilder(name);
      for (Dir d = dir; d != null && d.parent() != null; d = d.parent()) {
        sb.insert(0, d.name() + "/");
      }
      return sb.toString();
    }

    private void writeFile(Path p, long inode) throws IOException {
      long size = image.size(inode);
      try (SeekableByteChannel ch =
          Files.newByteChannel(
              p,
              Set.<OpenOption>of(
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS),
              PosixFilePermissions.asFileAttribute(PRIVATE_FILE))) {
        try {
          image.readBlocks(
              inode,
              (index, buf, len) -> {
                ch.position(index * Block.SIZE);
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
                while (bb.hasRemaining()) {
                  ch.write(bb);
                }
              });
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
        if (ch.size() < size) {
          // a trailing hole: one zero byte at the end gives the size and keeps the hole
          ch.position(size - 1);
          ch.write(ByteBuffer.wrap(new byte[1]));
        }
      }
    }

    /**
     * Xattrs, owner, times and permission bits, in that order (a mode last, so a read-only file or
     * directory was still writable while it was filled; times after everything that changes them).
     */
    private void attributes(Path p, Node n, String where) throws IOException {
      if (n.type == FileType.SYMLINK) {
        owner(p, n); // lchown; a symlink's mode is always 0777
        times(p, n);
        return;
      }
      if (n.type == FileType.FIFO) {
        owner(p, n); // first: a chown clears setuid and setgid bits
        String why = fifoModeAndTime(p, n);
        if (why != null) {
          skip("FIFO mode or time", where + ": FIFO mode or mtime not set (" + why + ")");
        }
        return;
      }
      if (n.type == FileType.REGULAR || n.type == FileType.DIRECTORY) {
        xattrs(p, n, where);
      }
      owner(p, n);
      times(p, n);
      mode(p, n);
    }

    /** Removes the stage: the pooled names (their other links stay) and the directory. */
    void finish() throws IOException {
      for (Path p : pooled.values()) {
        if (p != null) {
          Files.deleteIfExists(p);
        }
      }
      Files.delete(stage);
    }

    private void owner(Path p, Node n) throws IOException {
      if (asRoot) {
        Files.setAttribute(p, "unix:uid", n.uid, NOFOLLOW);
        Files.setAttribute(p, "unix:gid", n.gid, NOFOLLOW);
      }
    }

    private void times(Path p, Node n) throws IOException {
      if (n.mtimeNanos == 0 && n.atimeNanos == 0) {
        return;
      }
      FileTime m = FileTime.from(n.mtimeNanos, TimeUnit.NANOSECONDS);
      FileTime a = n.atimeNanos == 0 ? m : FileTime.from(n.atimeNanos, TimeUnit.NANOSECONDS);
      Files.getFileAttributeView(p, BasicFileAttributeView.class, NOFOLLOW).setTimes(m, a, null);
    }

    private void mode(Path p, Node n) throws IOException {
      PosixFileAttributeView v =
          Files.getFileAttributeView(p, PosixFileAttributeView.class, NOFOLLOW);
      v.setPermissions(PosixFilePermissions.fromString(permString(n.mode)));
      if ((n.mode & 07000) != 0) {
        // setuid/setgid/sticky have no PosixFilePermission: use the unix view for the whole mode
        Files.setAttribute(p, "unix:mode", n.mode & 07777, NOFOLLOW);
      }
    }

    private void xattrs(Path p, Node n, String where) {
      if (n.xattrs == null) {
        return;
      }
      UserDefinedFileAttributeView v =
          Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, NOFOLLOW);
      for (Map.Entry<String, Payload> x : n.xattrs.entrySet()) {
        String name = x.getKey();
        if (v == null || !name.startsWith("user.")) {
          skip("xattr", where + ": xattr " + Names.printable(name) + " not set (only user.*)");
          continue;
        }
        try {
          v.write(name.substring("user.".length()), ByteBuffer.wrap(x.getValue().toByteArray()));
        } catch (IOException | RuntimeException e) {
          skip("xattr", where + ": xattr " + name + " not set (" + e.getMessage() + ")");
        }
      }
    }
  }

  static String permString(int mode) {
    String rwx = "rwxrwxrwx";
    StringBuilder sb = new StringBuilder(9);
    for (int i = 0; i < 9; i++) {
      sb.append((mode & (0400 >> i)) != 0 ? rwx.charAt(i) : '-');
    }
    return sb.toString();
  }

  /** Creates a FIFO with the {@code mkfifo} tool; returns why not, or null when it did. */
  private static String mkfifo(Path p, Node n) {
    String why = tool("mkfifo", "-m", Integer.toOctalString(n.mode & 0777), "--", p.toString());
    if (why != null) {
      return why;
    }
    try {
      if (!Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW).isOther()) {
        return "mkfifo made no FIFO";
      }
    } catch (IOException e) {
      return "mkfifo made nothing: " + e.getMessage();
    }
    return null;
  }

  /**
   * Gives a FIFO its setuid/setgid/sticky bits with {@code chmod} and its mtime with {@code touch}
   * (Java sets modes and times by opening the file, which blocks on a FIFO); returns why not.
   */
  private static String fifoModeAndTime(Path p, Node n) {
    String why = null;
    if ((n.mode & 07000) != 0) {
      why = tool("chmod", Integer.toOctalString(n.mode & 07777), "--", p.toString());
    }
    if (why == null && n.mtimeNanos != 0) {
      String at = "@" + Math.floorDiv(n.mtimeNanos, 1_000_000_000L) + "."
          + String.format("%09d", Math.floorMod(n.mtimeNanos, 1_000_000_000L));
      why = tool("touch", "-c", "-h", "-d", at, "--", p.toString());
    }
    return why;
  }

  /** Runs a coreutils tool; returns why it failed, or null. */
  private static String tool(String... command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(true);
    try {
      Process proc = pb.start();
      byte[] out = proc.getInputStream().readAllBytes();
      if (!proc.waitFor(30, TimeUnit.SECONDS)) {
        proc.destroyForcibly();
        return command[0] + " did not finish";
      }
      if (proc.exitValue() != 0) {
        return command[0] + " failed: " + new String(out, java.nio.charset.StandardCharsets.UTF_8).trim();
      }
      return null;
    } catch (IOException e) {
      return "no " + command[0] + " tool: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
