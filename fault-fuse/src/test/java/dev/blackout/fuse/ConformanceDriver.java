package dev.blackout.fuse;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The POSIX checks of {@link PosixConformanceIT}, run as an unprivileged user in a child JVM (JDK
 * classes only, so that it runs from {@code target/test-classes} without the test's class path):
 * each step prints {@code name: outcome} — {@code ok}, a value, or the error (exception type and
 * the system's reason, which carries the errno's text). The fixture {@link PosixConformanceIT}
 * makes under ROOT is the same on a plain directory and on the recorder's mount, so the two
 * outputs must match line for line.
 */
public final class ConformanceDriver {
  private final Path root;

  private ConformanceDriver(Path root) {
    this.root = root;
  }

  @FunctionalInterface
  private interface Step {
    Object run() throws Exception;
  }

  public static void main(String[] args) {
    new ConformanceDriver(Path.of(args[0])).runAll();
  }

  private void step(String name, Step s) {
    String outcome;
    try {
      Object r = s.run();
      outcome = r == null ? "ok" : r.toString();
    } catch (FileSystemException e) {
      outcome = e.getClass().getSimpleName() + (e.getReason() == null ? "" : " " + e.getReason());
    } catch (Exception e) {
      outcome = e.getClass().getSimpleName() + " " + e.getMessage();
    }
    String line = outcome.replace(root.toString(), "ROOT").replace("\n", "\\n");
    System.out.println(name + ": " + line);
  }

  private Path p(String rel) {
    return root.resolve(rel);
  }

  private String owner(String rel) throws IOException {
    Map<String, Object> a =
        Files.readAttributes(p(rel), "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
    return "uid=" + a.get("uid") + " gid=" + a.get("gid") + " mode="
        + Integer.toOctalString((Integer) a.get("mode") & 07777);
  }

  private static Stream<Path> walk(Path dir) {
    try {
      return Files.walk(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void runAll() {
    // reading and writing what the modes allow and forbid
    step("read public", () -> Files.readString(p("public")));
    step("read secret", () -> Files.readString(p("secret")));
    step("write public", () -> Files.writeString(p("public"), "x", StandardOpenOption.APPEND));
    step("truncate public", () -> {
      try (FileChannel c = FileChannel.open(p("public"), StandardOpenOption.WRITE)) {
        return c.truncate(0);
      }
    });
    step("open dir for writing", () -> FileChannel.open(p("own"), StandardOpenOption.WRITE));
    // creating where the directory's mode allows and forbids
    step("create in read-only dir", () -> Files.createFile(p("readonly/new")));
    step("mkdir in read-only dir", () -> Files.createDirectory(p("readonly/d")));
    step("create own file", () -> Files.createFile(p("own/f"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----"))));
    step("owner of own file", () -> owner("own/f"));
    step("create existing exclusively", () -> Files.createFile(p("own/f")));
    step("write own file", () -> Files.writeString(p("own/f"), "mine"));
    step("mkdir own", () -> Files.createDirectory(p("own/d")));
    step("owner of own dir", () -> owner("own/d"));
    step("symlink own", () -> Files.createSymbolicLink(p("own/s"), Path.of("f")));
    step("owner of own symlink", () -> owner("own/s"));
    step("readlink own", () -> Files.readSymbolicLink(p("own/s")));
    step("hard link own", () -> Files.createLink(p("own/l"), p("own/f")));
    step("link count", () -> Files.getAttribute(p("own/f"), "unix:nlink"));
    step("hard link to secret (protected_hardlinks)",
        () -> Files.createLink(p("own/stolen"), p("secret")));
    step("rmdir non-empty", () -> {
      Files.createFile(p("own/d/inner"));
      Files.delete(p("own/d"));
      return null;
    });
    step("rename dir into itself", () -> Files.move(p("own/d"), p("own/d/sub")));
    step("rename over non-empty dir", () -> {
      Files.createDirectory(p("own/e"));
      return Files.move(p("own/e"), p("own/d"), StandardCopyOption.REPLACE_EXISTING);
    });
    step("rename file over dir", () -> {
      Files.createFile(p("own/g"));
      return Files.move(p("own/g"), p("own/e"), StandardCopyOption.ATOMIC_MOVE);
    });
    // search permission
    step("list no-search dir", () -> {
      try (Stream<Path> s = Files.list(p("nosearch"))) {
        return s.map(x -> x.getFileName().toString()).sorted().toList();
      }
    });
    step("stat in no-search dir", () -> Files.size(p("nosearch/inside")));
    step("list unreadable dir", () -> {
      try (Stream<Path> s = Files.list(p("noread"))) {
        return s.count();
      }
    });
    step("stat in unreadable dir", () -> Files.size(p("noread/inside")));
    // owner-only operations on someone else's file
    step("chmod others' file", () -> Files.setPosixFilePermissions(p("public"),
        PosixFilePermissions.fromString("rwxrwxrwx")));
    step("chown own file to root", () -> Files.setAttribute(p("own/f"), "unix:uid", 0));
    step("chgrp own file to foreign group", () -> Files.setAttribute(p("own/f"), "unix:gid", 0));
    step("set times of others' file", () -> Files.setLastModifiedTime(p("public"),
        FileTime.fromMillis(1_000_000)));
    step("set own times", () -> {
      Files.setLastModifiedTime(p("own/f"), FileTime.fromMillis(1_000_000));
      return Files.getLastModifiedTime(p("own/f")).toMillis();
    });
    step("chmod own file setuid", () -> {
      Files.setAttribute(p("own/f"), "unix:mode", 04755);
      return owner("own/f");
    });
    step("write clears setuid", () -> {
      try (RandomAccessFile f = new RandomAccessFile(p("own/f").toFile(), "rw")) {
        f.write('z');
      }
      return owner("own/f");
    });
    // sticky directory: only the owner of an entry (or of the directory) may remove it
    step("unlink others' file in sticky dir", () -> {
      Files.delete(p("sticky/roots"));
      return null;
    });
    step("rename others' file in sticky dir", () -> Files.move(p("sticky/roots"), p("sticky/x")));
    step("unlink own file in sticky dir", () -> {
      Files.delete(p("sticky/mine"));
      return null;
    });
    step("create in sticky dir", () -> Files.createFile(p("sticky/new")));
    // setgid directory: new entries take its group, new directories its setgid bit
    step("create in setgid dir", () -> {
      Files.createFile(p("setgid/f"));
      return owner("setgid/f");
    });
    step("mkdir in setgid dir", () -> {
      Files.createDirectory(p("setgid/d"));
      return owner("setgid/d");
    });
    // extended attributes
    step("user xattr on own file", () -> {
      UserDefinedFileAttributeView v =
          Files.getFileAttributeView(p("own/f"), UserDefinedFileAttributeView.class);
      v.write("blackout", ByteBuffer.wrap("v".getBytes(StandardCharsets.UTF_8)));
      return v.list();
    });
    step("user xattr on others' file", () -> {
      UserDefinedFileAttributeView v =
          Files.getFileAttributeView(p("public"), UserDefinedFileAttributeView.class);
      v.write("blackout", ByteBuffer.wrap("v".getBytes(StandardCharsets.UTF_8)));
      return v.list();
    });
    // removal where the directory forbids it
    step("unlink in read-only dir", () -> {
      Files.delete(p("readonly/file"));
      return null;
    });
    step("unlink own", () -> {
      Files.delete(p("own/l"));
      return Files.getAttribute(p("own/f"), "unix:nlink");
    });
    step("final listing", () -> {
      try (Stream<Path> s = Stream.of("own", "sticky", "setgid", "readonly")
          .flatMap(d -> walk(p(d)))) {
        List<String> names = s.map(x -> root.relativize(x).toString()).sorted().toList();
        StringBuilder b = new StringBuilder();
        for (String n : names) {
          b.append(n.isEmpty() ? "." : n).append('(').append(owner(n)).append(") ");
        }
        return b.toString().trim();
      }
    });
  }
}
