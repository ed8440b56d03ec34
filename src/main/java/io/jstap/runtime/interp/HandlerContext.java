package io.jstap.runtime.interp;

import io.jstap.codegen.Limits;
import io.jstap.format.HistogramStyle;
import io.jstap.format.OutputBuffer;

/**
 * What the session gives the interpreter: where output goes, how to ask for the end, the
 * target process, the limits and the clocks.
 */
public interface HandlerContext {
  /**
   * Where print, printf, log and the other print functions write (stdout or the {@code -o}
   * file). The interpreter flushes it when a handler ends, as SystemTap flushes its print
   * buffer at the end of each probe.
   */
  OutputBuffer output();

  /**
   * One print-family call (print, printf, println, log, print_char...) has written its output
   * to {@link #output()}: the end of one output record, for {@code --format json}.
   */
  default void printed() {}

  /** Where {@code warn()} writes its "WARNING: ..." lines (stderr); flushed after each. */
  OutputBuffer errors();

  /**
   * {@code exit()} was called. The handler goes on to its end, as in SystemTap; the session then
   * runs the end probes and stops.
   */
  void requestExit();

  /** {@code target()}: the process of {@code -x PID} or {@code -c CMD}, 0 when there is none. */
  long targetPid();

  /** MAXSTRINGLEN, MAXACTION, MAXNESTING and the others, after {@code -D}. */
  Limits limits();

  ScriptClock clock();

  /** How {@code print(@hist_*(...))} draws histograms. */
  default HistogramStyle histogramStyle() {
    return HistogramStyle.DEFAULT;
  }

  /** Addresses as symbols, for symname() and friends (hex when there is no table). */
  default io.jstap.runtime.Symbols symbols() {
    return io.jstap.runtime.Symbols.NONE;
  }
}
