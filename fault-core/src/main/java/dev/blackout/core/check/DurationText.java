package dev.blackout.core.check;

import java.time.Duration;

/** Short human spellings of durations for messages and progress lines ("1.5s", "2m05s"). */
final class DurationText {

  private DurationText() {}

  static String of(Duration d) {
    long millis = d.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    long seconds = d.getSeconds();
    if (seconds < 60) {
      long tenths = (millis % 1000) / 100;
      return tenths == 0 ? seconds + "s" : seconds + "." + tenths + "s";
    }
    if (seconds < 3600) {
      return String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format("%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
  }
}
