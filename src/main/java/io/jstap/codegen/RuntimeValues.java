package io.jstap.codegen;

/**
 * The one value of the {@code runtime} array map, which the session writes and every program
 * reads: where each field lives.
 */
public final class RuntimeValues {
  private RuntimeValues() {}

  /** The map's name. */
  public static final String MAP = "runtime";
  /** CLOCK_REALTIME minus CLOCK_MONOTONIC, in ns, for gettimeofday_*(). */
  public static final int WALL_CLOCK_OFFSET = 0;
  /** target(): the -x or -c process. */
  public static final int TARGET_PID = 8;
  /**
   * The session's state: {@link #RUNNING}, or not, in which case handlers return at once
   * (SystemTap's probes check its session_state the same way): after exit(), after too many
   * errors, and while the session ends.
   */
  public static final int STATE = 16;
  /** Run-time errors of the programs so far (compared with MAXERRORS). */
  public static final int ERRORS = 24;
  public static final int SIZE = 32;

  public static final long RUNNING = 0;
  public static final long STOPPING = 1;
  public static final long FAILED = 2;
}
