package dev.blackout.junit.example.property;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * A key-value store with one file per key: a put writes a temporary file, fsyncs it and renames it
 * over the key's file; a delete unlinks it. Correct only when the directory is fsynced after
 * each rename and unlink ({@code syncDirectory}); without, an acknowledged put can vanish.
 */
final class FileKvStore {
  private final Path dir;
  private final boolean syncDirectory;

  private FileKvStore(Path dir, boolean syncDirectory) {
    this.dir = dir;
    this.syncDirectory = syncDirectory;
  }

  static FileKvStore open(Path dir, boolean syncDirectory) {
    return new FileKvStore(dir, syncDirectory);
  }

  void put(String key, String value) throws IOException {
    Path tmp = dir.resolve(key + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.move(tmp, dir.resolve(key), StandardCopyOption.ATOMIC_MOVE);
    syncDirectory();
  }

  void delete(String key) throws IOException {
    if (Files.deleteIfExists(dir.resolve(key))) {
      syncDirectory();
    }
  }

  private void syncDirectory() throws IOException {
    if (syncDirectory) {
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      }
    }
  }

  /** Every key file (temporary files are leftovers of unfinished puts). */
  Map<String, String> readAll() throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".tmp") && Files.isRegularFile(f)) {
          out.put(name, Files.readString(f));
        }
      }
    }
    return out;
  }
}
