package example;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** A one-value store kept in the file {@code value} of a directory: the examples' code under test. */
interface ValueStore {

  void put(String value) throws IOException;

  /** The correct way: write a temporary file, fsync it, rename it over, fsync the directory. */
  static ValueStore atomicReplace(Path dir) {
    return value -> {
      Path tmp = dir.resolve("value.tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
      Files.move(tmp, dir.resolve("value"), StandardCopyOption.ATOMIC_MOVE);
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      }
    };
  }

  /** The common bug: the same rename, but nothing is ever fsynced. */
  static ValueStore renameWithoutFsync(Path dir) {
    return value -> {
      Path tmp = dir.resolve("value.tmp");
      Files.writeString(tmp, value);
      Files.move(tmp, dir.resolve("value"), StandardCopyOption.ATOMIC_MOVE);
    };
  }
}
