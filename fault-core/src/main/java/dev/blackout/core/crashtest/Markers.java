package dev.blackout.core.crashtest;

import java.io.IOException;
import java.util.Map;

/**
 * The workload's handle on the recorder: a marker says "the application has acknowledged this"
 * (a put returned, a commit was reported). The checker of each crash state receives the markers
 * issued before the crash, in order.
 */
public interface Markers {

  /**
   * Records marker {@code text} (one line) after every file operation that completed before this
   * call; returns its sequence number in the trace.
   */
  long mark(String text) throws IOException;

  /**
   * The environment a child process needs to add markers itself ({@code BLACKOUT_CONTROL}, for
   * {@code blackout mark}).
   */
  Map<String, String> environment();
}
