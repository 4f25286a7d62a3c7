package dev.blackout.kernel;

/**
 * A calibration that cannot go on: a missing tool or package, a guest that does not boot, a log
 * that cannot be read. The message is one line saying what is wrong and what to do.
 */
public final class CalibrationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CalibrationException(String message) {
    super(message);
  }

  public CalibrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
