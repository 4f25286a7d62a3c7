package dev.blackout.fuse;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.TraceWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Streams the backing directory into the trace as its initial image, assigning recorder inode ids
 * as it goes (root first, parents before children, names sorted; hard links share an id and only
 * the first carries content, which is streamed from the file, never loaded).
 */
final class ImageCapture {
  private ImageCapture() {}

  static void capture(Path root, InodeTable inodes, TraceWriter writer) throws IOException {
    visit(root, "", inodes, writer);
    writer.endImage();
  }

  private static void visit(Path file, String rel, InodeTable inodes, TraceWriter writer)
      throws IOException {
    Map<String, Object> a = Files.readAttributes(file, "unix:*", LinkOption.NOFOLLOW_LINKS);
    long dev = ((Number) a.get("dev")).longValue();
    long ino = ((Number) a.get("ino")).longValue();
    int mode = (Integer) a.get("mode");
    boolean seen = inodes.existing(dev, ino) != 0;
    long id = inodes.idFor(dev, ino);
    FileType type = FileType.fromMode(mode);
    long mtime = toNanos((FileTime) a.get("lastModifiedTime"));
    Payload content = type == FileType.REGULAR && !seen ? Payload.ofFile(file) : Payload.empty();
    String target = type == FileType.SYMLINK ? Files.readSymbolicLink(file).toString() : null;
    writer.imageEntry(
        new InitialImage.Entry(
            rel,
            id,
            type,
            mode & 07777,
            (Integer) a.get("uid"),
            (Integer) a.get("gid"),
            mtime,
            content,
            target));
    if (type == FileType.DIRECTORY) {
      List<Path> children = new ArrayList<>();
      try (Stream<Path> s = Files.list(file)) {
        s.forEach(children::add);
      }
      children.sort((x, y) -> x.getFileName().toString().compareTo(y.getFileName().toString()));
      for (Path child : children) {
        String name = child.getFileName().toString();
        visit(child, rel.isEmpty() ? name : rel + "/" + name, inodes, writer);
      }
    }
  }

  private static long toNanos(FileTime t) {
    java.time.Instant i = t.toInstant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
