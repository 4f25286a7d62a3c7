package dev.blackout.scenarios;

import java.util.Map;

/** See {@link RocksDbLedger}. */
public final class RocksDbNoWalFlush extends RocksDbLedger {

  static final String TORN_MANIFEST = "Each flush appends a version edit to the MANIFEST;"
      + " torn at 512-byte sectors with its new size persisted (a crash before its fdatasync), the"
      + " last record fails its checksum and RocksDB refuses to open ('checksum mismatch ..."
      + " MANIFEST may be corrupted') instead of dropping the unsynced tail. ext4 tears at 4 KiB"
      + " pages, and the edit lies in one page.";

  public RocksDbNoWalFlush() {
    super(false, false, true);
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row(SOURCE, "ok", "ok", "ok", "ok")
        .finding("posix", "A", MANIFEST_POSIX + " " + TORN_MANIFEST)
        .build();
  }
}
