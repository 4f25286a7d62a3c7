package dev.blackout.scenarios;

/** Hears how a suite run is going (progress display). Called from one thread at a time. */
public interface SuiteListener {
  default void recording(Scenario s, int index, int total) {}

  default void exploring(Scenario s, String model) {}

  default void checked(long done, long total, long failures) {}

  default void cellDone(Cell cell) {}

  SuiteListener NONE = new SuiteListener() {};
}
