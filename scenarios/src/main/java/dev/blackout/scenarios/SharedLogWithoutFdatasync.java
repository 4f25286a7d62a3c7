package dev.blackout.scenarios;

import java.util.Map;

/**
 * {@link SharedLogTwoProcesses} without the fdatasync: two processes append checksummed records
 * to one shared file and ack each right after {@code write} returned (seed 000's "visible to the
 * other container" is not "durable"). Every model but {@code prefix} can lose acknowledged
 * records; none can make recovery read a damaged record, because the checksums end the log at the
 * first hole (zeros under {@code posix}), so the loss is durability only.
 */
public final class SharedLogWithoutFdatasync extends SharedLogTwoProcesses {

  @Override
  boolean syncs() {
    return false;
  }

  @Override
  public String title() {
    return "two processes appending checksummed records to one shared file, ack without"
        + " fdatasync (seed 000: visible is not durable)";
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row("seed 000; design.md section 3 (models); fdatasync(2)",
        "ok", "D", "D", "D").build();
  }
}
