package dev.blackout.core.crashtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The code under test, run once while every file operation it makes in {@code dir} is recorded.
 * It works only inside {@code dir} (relative paths of the crash states are relative to it) and
 * calls {@link Markers#mark} whenever it acknowledges something.
 */
@FunctionalInterface
public interface Workload {

  void run(Path dir, Markers markers) throws Exception;

  /**
   * A workload that runs {@code command} as a child process in the recorded directory, with
   * {@code BLACKOUT_CONTROL} (markers through {@code blackout mark}) and {@code BLACKOUT_DIR} set;
   * a non-zero exit status fails the crash test before any exploration.
   */
  static Workload command(String... command) {
    List<String> argv = List.of(command);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("the workload command is empty; give a program to run");
    }
    return (dir, markers) -> {
      // Output goes to a file, not a pipe: a background process the command leaves running
      // inherits it, and reading a pipe to its end would wait for that process too.
      Path log = Files.createTempFile("blackout-workload-", ".log");
      try {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = new HashMap<>(markers.environment());
        env.put("BLACKOUT_DIR", dir.toString());
        pb.environment().putAll(env);
        int status = pb.start().waitFor();
        if (status != 0) {
          String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).strip();
          throw new IOException("workload command " + argv + " exited with status " + status
              + (text.isEmpty() ? "" : ": " + text));
        }
      } finally {
        Files.deleteIfExists(log);
      }
    };
  }

  /**
   * A workload that runs {@code main} in a new JVM (this JVM's {@code java} and class path) in the
   * recorded directory, with {@code args}; the child gets its directory as its working directory
   * and in {@code BLACKOUT_DIR}, and acknowledges through {@link Markers#fromEnvironment()}. A
   * non-zero exit status fails the crash test before any exploration, naming the status and the
   * output. Use it when the code under test must not share this JVM: a native library holding a
   * process-wide lock or state, {@code System.exit}, or threads that outlive the workload.
   *
   * <pre>{@code
   * public static void main(String[] args) throws Exception {
   *   Markers markers = Markers.fromEnvironment();
   *   try (MyStore store = MyStore.open(Path.of(System.getenv("BLACKOUT_DIR")))) {
   *     store.put("k", "v");
   *     markers.mark("put k");
   *   }
   * }
   * }</pre>
   *
   * @throws IllegalArgumentException when {@code main} has no {@code public static void
   *     main(String[])}
   */
  static Workload javaMain(Class<?> main, String... args) {
    try {
      java.lang.reflect.Method m = main.getMethod("main", String[].class);
      if (!java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
        throw new NoSuchMethodException();
      }
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(main.getName() + " has no public static void"
          + " main(String[]); give the class whose main runs the workload");
    }
    List<String> argv = new java.util.ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add(main.getName());
    argv.addAll(List.of(args));
    return command(argv.toArray(new String[0]));
  }
}
