package io.jstap.cli;

import io.jstap.kernel.IgnoredSignals;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C and SIGTERM end a session the way {@code exit()} does: end probes run, output is
 * flushed, everything is detached. (The JDK's default handlers would exit at once.)
 */
final class Signals {
  private static final String[] NAMES = {"INT", "TERM"};
  private static final int SIGINT = 2; // asm-generic/signal.h
  private static final SignalHandler[] previous = new SignalHandler[NAMES.length];
  private static volatile boolean received;

  private Signals() {}

  static synchronized void onInterrupt(Runnable action) {
    IgnoredSignals.restoreDefault(SIGINT); // background jobs of a shell start ignoring it
    for (int i = 0; i < NAMES.length; i++) {
      previous[i] = Signal.handle(new Signal(NAMES[i]), s -> {
        received = true;
        action.run();
      });
    }
  }

  /** Whether Ctrl-C or SIGTERM has come since jstap started. */
  static boolean received() {
    return received;
  }

  static synchronized void reset() {
    for (int i = 0; i < NAMES.length; i++) {
      if (previous[i] != null) Signal.handle(new Signal(NAMES[i]), previous[i]);
      previous[i] = null;
    }
  }
}
