package dev.blackout.fuse;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A seeded random sequence of file-system operations, run step by step against one or more roots:
 * every step is drawn once (names, offsets, sizes, bytes) and then applied to each root, and
 * returns a line describing what the caller saw (return value, exception type and reason, read
 * contents as a digest). Equal roots must give equal lines.
 */
final class FsScript {
  private static final String[] NAMES = {
    "a", "b", "c", "d0", "d1", "d0/e", "d1/f", "d0/g", "d0/e/h", "d1/i"
  };
  private static final int MIB = 1 << 20;

  private final Random random;
  private final int maxWrite;
  private final List<FileChannel[]> handles = new ArrayList<>();
  private final int roots;

  FsScript(long seed, int roots, int maxWrite) {
    this.random = new Random(seed);
    this.roots = roots;
    this.maxWrite = maxWrite;
  }

  /** One drawn operation; {@link #apply} runs it against root {@code i}. */
  interface Step {
    String describe();

    String apply(int i, Path root) throws Exception;
  }

  private String name() {
    return NAMES[random.nextInt(NAMES.length)];
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private int size() {
    // Mostly small, sometimes several MiB.
    return random.nextInt(8) == 0 ? random.nextInt(maxWrite) : random.nextInt(20_000);
  }

  Step next() {
    int kind = random.nextInt(24);
    String p = name();
    switch (kind) {
      case 0, 1:
        {
          byte[] data = bytes(size());
          return step(
              "write " + p + " " + data.length,
              (i, r) -> {
                Files.write(r.resolve(p), data);
                return "ok";
              });
        }
      case 2, 3:
        {
          long off = random.nextInt(2 * MIB);
          byte[] data = bytes(size());
          return step(
              "pwrite " + p + " @" + off + " " + data.length,
              (i, r) -> {
                try (FileChannel ch =
                    FileChannel.open(
                        r.resolve(p), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                  return "wrote " + writeFully(ch, data, off);
                }
              });
        }
      case 4:
        {
          byte[] data = bytes(random.nextInt(5000));
          return step(
              "append " + p + " " + data.length,
              (i, r) -> {
                Files.write(
                    r.resolve(p), data, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                return "ok";
              });
        }
      case 5:
        {
          long len = random.nextInt(3 * MIB);
          return step(
              "setLength " + p + " " + len,
              (i, r) -> {
                try (RandomAccessFile raf = new RandomAccessFile(r.resolve(p).toFile(), "rw")) {
                  raf.setLength(len);
                  return "ok";
                }
              });
        }
      case 6, 7:
        {
          String q = name();
          return step(
              "rename " + p + " " + q,
              (i, r) -> {
                Files.move(r.resolve(p), r.resolve(q), StandardCopyOption.ATOMIC_MOVE);
                return "ok";
              });
        }
      case 8:
        {
          String q = name();
          return step(
              "link " + q + " -> " + p,
              (i, r) -> {
                Files.createLink(r.resolve(q), r.resolve(p));
                return "ok";
              });
        }
      case 9:
        {
          String target = random.nextBoolean() ? name() : "../" + name();
          return step(
              "symlink " + p + " -> " + target,
              (i, r) -> {
                Files.createSymbolicLink(r.resolve(p), Path.of(target));
                return "ok";
              });
        }
      case 10, 11:
        return step(
            "delete " + p,
            (i, r) -> {
              Files.delete(r.resolve(p));
              return "ok";
            });
      case 12:
        return step(
            "mkdir " + p,
            (i, r) -> {
              Files.createDirectory(r.resolve(p));
              return "ok";
            });
      case 13:
        {
          Set<PosixFilePermission> perms =
              PosixFilePermissions.fromString(
                  random.nextBoolean()
                      ? "rw-r--r--"
                      : random.nextBoolean() ? "rwx------" : "r--r-----");
          return step(
              "chmod " + p + " " + PosixFilePermissions.toString(perms),
              (i, r) -> {
                Path f = r.resolve(p);
                if (Files.isSymbolicLink(f) || Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                  return "skipped"; // keep directories traversable and links alone
                }
                Files.setPosixFilePermissions(f, perms);
                return "ok";
              });
        }
      case 14:
        {
          // open a handle on every root; later steps use it after renames and unlinks
          boolean create = random.nextBoolean();
          return step(
              "open " + p + (create ? " create" : ""),
              (i, r) -> {
                if (i == 0) {
                  handles.add(new FileChannel[roots]);
                }
                FileChannel[] slot = handles.get(handles.size() - 1);
                try {
                  slot[i] =
                      create
                          ? FileChannel.open(
                              r.resolve(p),
                              StandardOpenOption.CREATE,
                              StandardOpenOption.READ,
                              StandardOpenOption.WRITE)
                          : FileChannel.open(
                              r.resolve(p), StandardOpenOption.READ, StandardOpenOption.WRITE);
                  return "handle " + (handles.size() - 1);
                } catch (IOException e) {
                  slot[i] = null;
                  throw e;
                }
              });
        }
      case 15, 16:
        {
          if (handles.isEmpty()) {
            return next();
          }
          int h = random.nextInt(handles.size());
          int op = random.nextInt(5);
          long off = random.nextInt(MIB);
          byte[] data = bytes(size());
          long len = random.nextInt(MIB);
          return step(
              "handle " + h + " op " + op,
              (i, r) -> {
                FileChannel ch = handles.get(h)[i];
                if (ch == null || !ch.isOpen()) {
                  return "no handle";
                }
                switch (op) {
                  case 0:
                    return "wrote " + writeFully(ch, data, off) + " size " + ch.size();
                  case 1:
                    return "read " + readAll(ch);
                  case 2:
                    ch.truncate(len);
                    return "size " + ch.size();
                  case 3:
                    ch.force(true);
                    return "forced size " + ch.size();
                  default:
                    ch.close();
                    return "closed";
                }
              });
        }
      case 17:
        return step(
            "read " + p,
            (i, r) -> {
              Path f = r.resolve(p);
              if (Files.isDirectory(f)) {
                return list(f);
              }
              return Files.size(f) + " " + Trees.digest(f);
            });
      case 18:
        {
          long at = random.nextInt(64 * 1024);
          byte[] data = bytes(random.nextInt(9000) + 1);
          return step(
              "mmap " + p + " @" + at + " " + data.length,
              (i, r) -> {
                Path f = r.resolve(p);
                if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                  return "not a file";
                }
                try (FileChannel ch =
                    FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                  long size = ch.size();
                  if (size < at + data.length) {
                    return "too small " + size;
                  }
                  MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, at, data.length);
                  map.put(data);
                  map.force();
                  unmap(map);
                  return "mapped";
                }
              });
        }
      case 19:
        return step(
            "fsync " + p,
            (i, r) -> {
              Path f = r.resolve(p);
              boolean dir = Files.isDirectory(f);
              try (FileChannel ch =
                  dir
                      ? FileChannel.open(f, StandardOpenOption.READ)
                      : FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.force(true);
                return dir ? "dir synced" : "synced";
              }
            });
      case 20:
        return step(
            "stat " + p,
            (i, r) -> {
              PosixFileAttributes a =
                  Files.readAttributes(
                      r.resolve(p), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
              return (a.isDirectory() ? "dir" : a.isSymbolicLink() ? "link" : "file " + a.size())
                  + " "
                  + PosixFilePermissions.toString(a.permissions());
            });
      case 21:
        return step("list " + p, (i, r) -> list(r.resolve(p)));
      case 22:
        return step(
            "rmdir-tree? " + p,
            (i, r) -> {
              Path f = r.resolve(p);
              if (!Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                return "not a dir";
              }
              try (Stream<Path> s = Files.list(f)) {
                return "entries " + s.count();
              }
            });
      default:
        {
          String q = name();
          return step(
              "rename-noreplace-check " + p + " " + q,
              (i, r) -> {
                return Files.exists(r.resolve(q), LinkOption.NOFOLLOW_LINKS) ? "exists" : "absent";
              });
        }
    }
  }

  private static Step step(String description, Applier a) {
    return new Step() {
      @Override
      public String describe() {
        return description;
      }

      @Override
      public String apply(int i, Path root) {
        try {
          return a.apply(i, root);
        } catch (FileSystemException e) {
          return e.getClass().getSimpleName() + " " + e.getReason();
        } catch (Exception e) {
          return e.getClass().getSimpleName();
        }
      }
    };
  }

  @FunctionalInterface
  private interface Applier {
    String apply(int i, Path root) throws Exception;
  }

  private static long writeFully(FileChannel ch, byte[] data, long off) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(data);
    long n = 0;
    while (b.hasRemaining()) {
      n += ch.write(b, off + n);
    }
    return n;
  }

  private static String readAll(FileChannel ch) throws IOException {
    long size = ch.size();
    ByteBuffer b = ByteBuffer.allocate((int) Math.min(size, 8 * MIB));
    while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
      // keep reading
    }
    return size + " " + java.util.Arrays.hashCode(b.array());
  }

  private static String list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(x -> x.getFileName().toString()).sorted().collect(Collectors.joining(","));
    }
  }

  /** Closes every handle still open. */
  void closeHandles() throws IOException {
    for (FileChannel[] slot : handles) {
      for (FileChannel ch : slot) {
        if (ch != null) {
          ch.close();
        }
      }
    }
  }

  /** Unmaps now rather than at GC (a live mapping would keep the mount busy). */
  static void unmap(MappedByteBuffer map) throws ReflectiveOperationException {
    Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
    Field f = unsafeClass.getDeclaredField("theUnsafe");
    f.setAccessible(true);
    Object unsafe = f.get(null);
    unsafeClass.getMethod("invokeCleaner", ByteBuffer.class).invoke(unsafe, map);
  }
}
