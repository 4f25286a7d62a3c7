package dev.blackout.fuse;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child JVM's workload for tests that need other processes; {@link #run} starts one. */
public final class ChildOps {
  private ChildOps() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "mmap" -> {
        try (RandomAccessFile raf = new RandomAccessFile(args[1], "rw")) {
          raf.setLength(8192);
          MappedByteBuffer map = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, 8192);
          for (int i = 0; i < 5000; i++) {
            map.put(i, (byte) 'm');
          }
          map.force();
        }
      }
      case "append" -> {
        // append FILE TEXT COUNT: COUNT appends of TEXT+"\n", each followed by fdatasync
        int count = Integer.parseInt(args[3]);
        try (FileChannel ch =
            FileChannel.open(
                Path.of(args[1]),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
          for (int i = 0; i < count; i++) {
            ch.write(ByteBuffer.wrap((args[2] + i + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(false);
          }
        }
      }
      case "mark" ->
          System.out.println(
              MarkClient.mark(
                  Path.of(System.getenv(MarkClient.CONTROL_ENV)),
                  ProcessHandle.current().pid(),
                  args[1]));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  /** Runs {@code ChildOps args...} in a fresh JVM; returns it when started. */
  static Process start(java.util.Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ChildOps.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Runs to completion; returns its output, failing on a non-zero exit. */
  static String run(java.util.Map<String, String> env, String... args) throws Exception {
    Process p = start(env, args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("child " + List.of(args) + " failed: " + out);
    }
    return out;
  }
}
