package io.jstap.dropwatch;

/**
 * Drops the monitor saw but could not count or show, and drops it never saw, since it was
 * opened. All zero in a healthy run.
 *
 * @param notCounted drops not counted because a new site found the count table full ({@value
 *     DropProgram#MAX_KEYS} distinct sites) or the kernel out of memory
 * @param missed tracepoint hits the kernel did not run the program for because it was already
 *     running on that CPU (an interrupt dropping a packet while the program ran)
 * @param rateLimited packet-mode records not sent because of the rate limit
 * @param ringFull packet-mode records lost because the ring buffer was full
 * @param filtered drops that did not match the filter (not lost: not asked for)
 */
public record DropLosses(long notCounted, long missed, long rateLimited, long ringFull, long filtered) {
  /** Drops that should have been counted and were not. */
  public long uncounted() {
    return notCounted + missed;
  }
}
