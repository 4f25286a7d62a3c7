package dev.blackout.scenarios;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes {@code db.tmp} and renames it over {@code db} without any fsync, then acks. ext4's
 * auto_da_alloc allocates the new file's blocks before the rename commits, but since Linux 5.6
 * (dioread_nolock) as unwritten extents: a crash can leave {@code db} at its new size reading zeros
 * (calibrated: docs/calibration.md).
 */
public final class RenameWithoutFsync extends FileUpdate {

  @Override
  public String title() {
    return "write tmp + rename over the old file, no fsync, ack";
  }

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    Files.write(dir.resolve(TMP), NEW, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    Files.move(dir.resolve(TMP), dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    acks.ack(ACK);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(SOURCE + "; ext4 docs (auto_da_alloc); ALICE OSDI'14",
            "ok", "A", "D", "A")
        .finding("ext4-ordered", "A", "Calibrated against a Debian 6.1 kernel (docs/calibration.md):"
            + " auto_da_alloc allocates db.tmp's blocks before the rename commits, but since Linux 5.6"
            + " (dioread_nolock, the default) as unwritten extents that become written only after the"
            + " data IO completes, in a later transaction; a crash in between leaves 'db' at its new"
            + " size reading zeros: neither old nor new. Before 5.6 (--dioread lock) it was D.")
        .build();
  }
}
