package dev.blackout.scenarios;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Writes a new file {@code out} through a {@link BufferedOutputStream}, calls {@code flush()} (a
 * {@code write(2)}, nothing more), acks, then closes: the ack promises data that only reached the
 * page cache.
 */
public final class BufferedFlushWithoutFsync implements Scenario {
  static final String FILE = "out";

  @Override
  public String title() {
    return "BufferedOutputStream.flush without fsync, ack";
  }

  @Override
  public void setup(Path dir) {}

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    try (OutputStream out = new BufferedOutputStream(java.nio.file.Files.newOutputStream(
        dir.resolve(FILE), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
      out.write(FileUpdate.NEW);
      out.flush();
      acks.ack(FileUpdate.ACK);
    }
  }

  @Override
  public String check(Path state, List<String> acked) throws IOException {
    return OldOrNew.check(state, FILE, null, FileUpdate.NEW, acked);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(FileUpdate.SOURCE + "; seed 001 (fflush only reaches the kernel)",
            "ok", "D", "D", "D")
        .finding("posix", "A", "POSIX (ALICE's abstract persistence model) lets an append persist"
            + " its new size before its data, so a crash can leave 'out' full of zeros: neither"
            + " empty nor the new content.")
        .finding("ext4-ordered", "A", "ext4 since Linux 5.6 (dioread_nolock, the default) journals the"
            + " new size when writeback allocates unwritten extents, before the data IO completes"
            + " (calibrated: docs/calibration.md), so 'out' can come back at its new size full of"
            + " zeros, as under posix. Before 5.6 (--dioread lock) it was D.")
        .build();
  }
}
