package io.jstap.dropwatch;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jline.utils.Signals;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a request to stop, so that a run detaches, prints its summary
 * and exits normally instead of being killed mid-way. Handlers go through JLine's {@link Signals}
 * (its wrapper of the JDK's sun.misc.Signal, which the JDK keeps supported in jdk.unsupported);
 * {@link #close} puts the previous handlers back. Where the JDK has no such API the signals keep
 * their default action (the JVM exits; the kernel detaches the program as its descriptors close).
 */
final class StopSignals implements AutoCloseable {
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Object previousInt;
  private final Object previousTerm;

  private StopSignals() {
    previousInt = Signals.register("INT", this::request);
    previousTerm = Signals.register("TERM", this::request);
  }

  static StopSignals install() {
    return new StopSignals();
  }

  void request() {
    stop.countDown();
  }

  boolean requested() {
    return stop.getCount() == 0;
  }

  /** Waits up to {@code millis} for a stop request; true when one came. */
  boolean await(long millis) {
    if (millis <= 0) return requested();
    try {
      return stop.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  @Override
  public void close() {
    if (previousInt != null) Signals.unregister("INT", previousInt);
    if (previousTerm != null) Signals.unregister("TERM", previousTerm);
  }
}
