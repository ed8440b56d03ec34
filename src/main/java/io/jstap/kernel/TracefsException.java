package io.jstap.kernel;

/** tracefs is missing, cannot be mounted, or lacks the asked-for event. */
public final class TracefsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TracefsException(String message) {
    super(message);
  }

  public TracefsException(String message, Throwable cause) {
    super(message, cause);
  }
}
