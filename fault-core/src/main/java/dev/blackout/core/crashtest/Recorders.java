package dev.blackout.core.crashtest;

import dev.blackout.core.crashtest.spi.RecorderProvider;
import dev.blackout.core.crashtest.spi.Recording;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceLoader;

/** Finds the recorder on the class path (fault-fuse registers one). */
final class Recorders {
  static final String MISSING = "no Blackout recorder on the class path; add the dependency"
      + " dev.blackout:fault-fuse (fault-junit brings it)";

  private Recorders() {}

  static RecorderProvider find() {
    Optional<RecorderProvider> p = load(Thread.currentThread().getContextClassLoader());
    if (p.isEmpty()) {
      p = load(Recorders.class.getClassLoader());
    }
    return p.orElse(MissingRecorder.INSTANCE);
  }

  private static Optional<RecorderProvider> load(ClassLoader loader) {
    Iterator<RecorderProvider> it = ServiceLoader.load(RecorderProvider.class, loader).iterator();
    return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
  }

  /** Stands in when no provider is found, so that the failure is the usual one-line message. */
  enum MissingRecorder implements RecorderProvider {
    INSTANCE;

    @Override
    public Optional<String> unavailableReason() {
      return Optional.of(MISSING);
    }

    @Override
    public Recording start(Path backing, Path mountPoint, Path trace)
        throws RecorderUnavailableException {
      throw new RecorderUnavailableException(MISSING);
    }
  }
}
