package dev.blackout.fuse;

import dev.blackout.core.crashtest.CrashScenario;
import dev.blackout.core.crashtest.Workload;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A crash test in its own JVM whose workload misbehaves as {@code args[0]} says, working in {@code
 * args[1]} (for {@link WorkloadLifecycleIT}). Prints {@code RESULT <how the run ended>} and returns
 * from main without {@code System.exit}: the JVM ends only if nothing is left waiting on the mount.
 */
public final class LifecycleMain {
  private LifecycleMain() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[1]);
    Workload workload = workload(args[0], work, args.length > 2 ? args[2] : null);
    String result;
    try {
      CrashScenario.of(workload, (state, acked) -> {})
          .workDir(work)
          .models("prefix")
          .budget(3)
          .run();
      result = "passed";
    } catch (IOException e) {
      result = e.getMessage();
    }
    System.out.println("RESULT " + result);
    System.out.println(
        Mounts.isMountPoint(work.resolve("mnt").toAbsolutePath().normalize())
            ? "STILL MOUNTED"
            : "UNMOUNTED");
    System.out.flush();
  }

  private static Workload workload(String kind, Path work, String extra) {
    return switch (kind) {
      case "throws-with-open-file" -> (dir, markers) -> {
        FileChannel c = open(dir.resolve("db"));
        c.write(ByteBuffer.wrap("half a commit".getBytes()));
        throw new NoClassDefFoundError("org/example/Missing");
      };
      case "leaks-descriptor" -> (dir, markers) -> {
        FileChannel c = open(dir.resolve("db"));
        c.write(ByteBuffer.wrap("never closed".getBytes()));
        markers.mark("written");
      };
      case "daemon-thread-keeps-writing" -> (dir, markers) -> {
        FileChannel c = open(dir.resolve("log"));
        Thread t = new Thread(() -> writeForever(c), "keeps-writing");
        t.setDaemon(true);
        t.start();
      };
      case "thread-keeps-writing" -> (dir, markers) -> {
        FileChannel c = open(dir.resolve("log"));
        new Thread(() -> writeForever(c), "keeps-writing").start();
      };
      case "child-left-running" ->
          Workload.command("sh", "-c", "sleep 600 > held & echo $! > " + extra);
      case "child-calls-system-exit" -> Workload.command(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), ExitingChild.class.getName());
      default -> throw new IllegalArgumentException("unknown case " + kind);
    };
  }

  private static FileChannel open(Path p) throws IOException {
    return FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  }

  /** Writes until the mount is cut off under it (then the write fails and the thread ends). */
  private static void writeForever(FileChannel c) {
    ByteBuffer b = ByteBuffer.allocate(64);
    try {
      while (true) {
        b.clear();
        c.write(b);
      }
    } catch (IOException e) {
      System.out.println("WRITER STOPPED " + e.getMessage());
    }
  }

  /** A child JVM that holds a file open with a thread writing to it and calls System.exit(3). */
  public static final class ExitingChild {
    private ExitingChild() {}

    public static void main(String[] args) throws IOException {
      FileChannel c = open(Path.of("child.log"));
      Thread t = new Thread(() -> writeForever(c), "child-writer");
      t.setDaemon(true);
      t.start();
      System.exit(3);
    }
  }
}
