package dev.blackout.scenarios;

import java.nio.file.Path;
import java.util.Map;

/**
 * H2 (MVStore engine, default settings) through JDBC. H2's documentation ("Durability Problems")
 * says it does not call fsync on every commit and that committed transactions can be lost on power
 * failure; its MVStore also writes commits in the background (auto-commit delay), so even a killed
 * process can lose the last ones. File locking is off ({@code FILE_LOCK=NO}) so that the lock
 * file's watchdog does not write into the trace.
 */
public final class H2Ledger extends SqlLedger {

  @Override
  public String title() {
    return "H2 2.x (MVStore, default settings): " + TXNS + " acknowledged transactions";
  }

  @Override
  String url(Path dir) {
    return "jdbc:h2:file:" + dir.resolve("ledger") + ";FILE_LOCK=NO";
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row("h2database.com advanced.html#durability_problems; MVStore docs",
            "D", "D", "D", "D")
        .finding("posix", "A", "With writes torn at 512-byte sectors, a chunk of the MVStore file"
            + " can persist in part while the file header that points to it persists whole (H2"
            + " does not fsync between them by default); H2 then refuses to open the database"
            + " ('File corrupted while reading record') instead of falling back to the previous"
            + " chunk. ext4 tears at 4 KiB pages, where each chunk write is whole.")
        .build();
  }
}
