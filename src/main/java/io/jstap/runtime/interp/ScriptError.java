package io.jstap.runtime.interp;

/**
 * A run-time error of a script handler, as SystemTap reports it: its text (what {@code try {}
 * catch (msg) {}} receives in {@code msg}) and the token it happened near. The session prints
 * {@link #render()} and decides whether to go on (MAXERRORS); the interpreter only stops the
 * handler.
 *
 * <pre>
 *   ERROR: division by 0 near operator '/' at script.stp:3:12
 * </pre>
 */
public final class ScriptError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final String near;
  private final boolean catchable;

  ScriptError(String reason, String near, boolean catchable) {
    super(near == null ? reason : reason + " near " + near, null, false, false);
    this.reason = reason;
    this.near = near;
    this.catchable = catchable;
  }

  /** SystemTap's error text, e.g. {@code division by 0}: what a catch block receives. */
  public String reason() {
    return reason;
  }

  /**
   * The token the error happened near, as SystemTap prints it ({@code operator '/' at
   * script.stp:3:12}), or null when there is none.
   */
  public String near() {
    return near;
  }

  /** False for MAXACTION: SystemTap does not let {@code try} catch it. */
  public boolean catchable() {
    return catchable;
  }

  /** The line SystemTap prints, without its newline. */
  public String render() {
    return "ERROR: " + getMessage();
  }
}
