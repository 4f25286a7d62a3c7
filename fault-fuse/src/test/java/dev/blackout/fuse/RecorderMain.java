package dev.blackout.fuse;

import java.nio.file.Path;

/** A recorder in its own JVM (for the kill -9 test): prints "READY socket" and waits. */
public final class RecorderMain {
  private RecorderMain() {}

  public static void main(String[] args) throws Exception {
    FuseRecorder rec = FuseRecorder.start(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
    System.out.println("READY " + rec.controlSocket());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
