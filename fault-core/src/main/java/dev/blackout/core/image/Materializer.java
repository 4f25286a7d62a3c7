package dev.blackout.core.image;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.Payload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Writes an {@link FsImage} into a fresh private directory (mode 0700) safely: names are checked
 * again, symlinks are created as links and never followed, nothing is written outside the target.
 *
 * <p>How (docs/materializing.md has the reasons): the whole tree is checked before anything is
 * created; every directory, file, FIFO and symlink is created new ({@code CREATE_NEW}, {@code
 * NOFOLLOW_LINKS}) under a directory this materializer created itself in this run, so no path it
 * uses can pass through a symlink; permission bits and times are applied after all content,
 * directories last and deepest first. Devices and sockets are skipped and reported.
 */
public final class Materializer {
  private Materializer() {}

  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final Set<PosixFilePermission> PRIVATE_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> PRIVATE_FILE =
      PosixFilePermissions.fromString("rw-------");

  /** What was written: the target and what could not be (one line per path, with the reason). */
  public record Result(Path target, List<String> skipped) {
    public Result {
      skipped = List.copyOf(skipped);
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
    return new Result(target, w.skipped);
  }

  /** Checks every name, symlink target and directory before anything is created. */
  private static void check(FsImage image) {
    try {
      TreeWalker.walk(
          image,
          new TreeWalker.Visitor<Void>() {
            @Override
            public Void enterDir(Void parent, String name, long inode, Node node) {
              return null;
            }

            @Override
            public void leaf(Void parent, String name, long inode, Node node) {
              if (node.type == FileType.SYMLINK) {
                FsImage.checkLinkTarget(node.linkTarget);
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

  /** One materialization: creates in a walk, then applies attributes in {@link #finish()}. */
  private static final class Writer implements TreeWalker.Visitor<Path> {
    private final FsImage image;
    private final Path root;
    private final boolean asRoot;
    private final Map<Long, Path> written = new HashMap<>();
    /** Non-directories whose attributes are still to apply, in creation order. */
    private final List<Object[]> leaves = new ArrayList<>();
    /** Directories in post-order (children before parents). */
    private final List<Object[]> dirs = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();

    Writer(FsImage image, Path root) throws IOException {
      this.image = image;
      this.root = root;
      Object uid = Files.getAttribute(root, "unix:uid", NOFOLLOW);
      this.asRoot = Integer.valueOf(0).equals(uid);
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
    public Path enterDir(Path parent, String name, long inode, Node node) throws IOException {
      if (parent == null) {
        return root;
      }
      Path p = child(parent, name);
      Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
      return p;
    }

    @Override
    public void leaveDir(Path dir, long inode, Node node) {
      if (!dir.equals(root)) {
        dirs.add(new Object[] {dir, node});
      }
    }

    @Override
    public void leaf(Path parent, String name, long inode, Node node) throws IOException {
      Path p = child(parent, name);
      Path first = written.get(inode);
      switch (node.type) {
        case REGULAR -> {
          if (first != null) {
            Files.createLink(p, first);
            return;
          }
          writeFile(p, inode);
        }
        case SYMLINK -> {
          // A symlink is created as a link, with its target verbatim; it is never resolved.
          Files.createSymbolicLink(p, p.getFileSystem().getPath(node.linkTarget));
          leaves.add(new Object[] {p, node});
          return;
        }
        case FIFO -> {
          if (first != null) {
            Files.createLink(p, first);
            return;
          }
          String why = mkfifo(p, node.mode);
          if (why != null) {
            skipped.add(relative(p) + ": FIFO not created (" + why + ")");
            return;
          }
        }
        default -> {
          skipped.add(relative(p) + ": " + node.type + " not materialized (devices and sockets never are)");
          return;
        }
      }
      written.put(inode, p);
      leaves.add(new Object[] {p, node});
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

    private String relative(Path p) {
      return root.relativize(p).toString();
    }

    /** Applies owners, xattrs, times and modes: files first, then directories deepest first. */
    void finish() throws IOException {
      for (Object[] l : leaves) {
        Path p = (Path) l[0];
        Node n = (Node) l[1];
        if (n.type == FileType.SYMLINK) {
          owner(p, n); // lchown; a symlink's mode and times are not set (see docs)
          continue;
        }
        if (n.type == FileType.REGULAR) {
          xattrs(p, n);
        }
        owner(p, n);
        if (n.type == FileType.REGULAR) {
          times(p, n);
          mode(p, n);
        }
      }
      for (Object[] d : dirs) {
        Path p = (Path) d[0];
        Node n = (Node) d[1];
        xattrs(p, n);
        owner(p, n);
        times(p, n);
        mode(p, n);
      }
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
      Files.getFileAttributeView(p, PosixFileAttributeView.class, NOFOLLOW).setTimes(m, a, null);
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

    private void xattrs(Path p, Node n) {
      if (n.xattrs == null) {
        return;
      }
      UserDefinedFileAttributeView v =
          Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, NOFOLLOW);
      for (Map.Entry<String, Payload> x : n.xattrs.entrySet()) {
        String name = x.getKey();
        if (v == null || !name.startsWith("user.")) {
          skipped.add(relative(p) + ": xattr " + Names.printable(name) + " not set (only user.*)");
          continue;
        }
        try {
          v.write(name.substring("user.".length()), ByteBuffer.wrap(x.getValue().toByteArray()));
        } catch (IOException | RuntimeException e) {
          skipped.add(relative(p) + ": xattr " + name + " not set (" + e.getMessage() + ")");
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
  private static String mkfifo(Path p, int mode) {
    ProcessBuilder pb =
        new ProcessBuilder("mkfifo", "-m", Integer.toOctalString(mode & 0777), "--", p.toString());
    pb.redirectErrorStream(true);
    try {
      Process proc = pb.start();
      byte[] out = proc.getInputStream().readAllBytes();
      if (!proc.waitFor(30, TimeUnit.SECONDS)) {
        proc.destroyForcibly();
        return "mkfifo did not finish";
      }
      if (proc.exitValue() != 0) {
        return "mkfifo failed: " + new String(out, java.nio.charset.StandardCharsets.UTF_8).trim();
      }
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
      if (!a.isOther()) {
        return "mkfifo made no FIFO";
      }
      return null;
    } catch (IOException e) {
      return "no mkfifo tool: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
