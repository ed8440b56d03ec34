package io.jstap.dropwatch;

/**
 * Dropwatch cannot run here, or was asked something it cannot do. The message is for the user:
 * what failed, why, and what to do; the command prints it without a stack trace.
 */
public final class DropwatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DropwatchException(String message) {
    super(message);
  }

  public DropwatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
