package dev.blackout.fuse;

import java.nio.file.Files;
import java.nio.file.Path;

/** A child process of the differential test: runs an {@link FsScript} in ROOT, prints outcomes. */
public final class DiffChild {
  private DiffChild() {}

  public static void main(String[] args) throws Exception {
    Path root = Files.createDirectories(Path.of(args[0]));
    long seed = Long.parseLong(args[1]);
    int steps = Integer.parseInt(args[2]);
    FsScript script = new FsScript(seed, 1, 2 << 20);
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < steps; k++) {
      FsScript.Step s = script.next();
      out.append(k)
          .append(' ')
          .append(s.describe())
          .append(" => ")
          .append(s.apply(0, root))
          .append('\n');
    }
    script.closeHandles();
    System.out.print(out);
  }
}
