package io.jstap.runtime.interp;

import java.time.Instant;

/**
 * The clocks a handler reads: wall time for {@code gettimeofday_*()}, the monotonic clock for
 * {@code ktime_get_ns()}, {@code local_clock_*()} and {@code get_cycles()}, and the kernel's
 * tick counter for {@code jiffies()}. Tests give fixed clocks.
 */
public interface ScriptClock {
  /** CLOCK_REALTIME, in nanoseconds since the epoch. */
  long realtimeNanos();

  /**
   * CLOCK_MONOTONIC, in nanoseconds: the clock BPF programs read with bpf_ktime_get_ns, so times
   * taken in handlers and in BPF programs can be subtracted.
   */
  long monotonicNanos();

  /** The kernel's jiffies counter. */
  long jiffies();

  /**
   * The machine's clocks. {@code jiffyNanos} is the length of a tick (1 / CONFIG_HZ seconds).
   * HotSpot's {@link System#nanoTime()} reads CLOCK_MONOTONIC on Linux. Jiffies are derived from
   * it: the kernel starts its 64-bit counter at INITIAL_JIFFIES, 300 seconds of ticks before the
   * 32-bit wrap (include/linux/jiffies.h), so that wrap bugs show early.
   */
  static ScriptClock system(long jiffyNanos) {
    if (jiffyNanos <= 0) throw new IllegalArgumentException("jiffy length must be positive");
    long hz = 1_000_000_000L / jiffyNanos;
    long initialJiffies = (1L << 32) - 300 * hz;
    return new ScriptClock() {
      @Override
      public long realtimeNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
      }

      @Override
      public long monotonicNanos() {
        return System.nanoTime();
      }

      @Override
      public long jiffies() {
        return initialJiffies + System.nanoTime() / jiffyNanos;
      }
    };
  }
}
