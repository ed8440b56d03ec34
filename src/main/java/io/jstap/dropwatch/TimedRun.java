package io.jstap.dropwatch;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One-shot mode: watch for a while (or until Ctrl-C), print what was dropped every {@code
 * interval} if asked, then a summary of the whole run with the top sites and what was lost.
 * Counting happens in the kernel; user space reads the table once per interval and at the end.
 * In packet mode each drop (up to the rate limit) is printed as it comes.
 */
public final class TimedRun {
  /**
   * @param duration how long to watch; null until Ctrl-C
   * @param interval how often to print the drops of the last interval; null for the summary only
   * @param top how many sites a report lists at most (0: all)
   * @param json one JSON object per line instead of text
   * @param packets packet mode: print each drop
   * @param rate packet mode's limit of packets per second (0: none)
   * @param filter which drops to watch
   */
  public record Options(Duration duration, Duration interval, int top, boolean json, boolean packets, int rate,
      DropFilter filter) {}

  /** How often packet mode looks at the ring buffer when it is idle. */
  private static final int POLL_MILLIS = 100;

  private final Dropwatch dropwatch;
  private final Options options;
  private final PrintWriter out;

  public TimedRun(Dropwatch dropwatch, Options options, PrintWriter out) {
    this.dropwatch = dropwatch;
    this.options = options;
    this.out = out;
  }

  /** Runs to the end; returns the exit code (0). */
  public int run() {
    DropMonitor monitor = dropwatch.monitor();
    DropFormat format = dropwatch.format();
    try (StopSignals signals = StopSignals.install()) {
      monitor.configure(options.filter(), options.packets(), options.rate());
      long start = System.nanoTime();
      monitor.start();
      if (options.json()) {
        out.println(new JsonLine()
            .put("type", "start")
            .put("time", Instant.now().toString())
            .put("watching", options.filter().describe(format.reasons()))
            .put("packets", options.packets()));
      } else {
        out.println("Watching " + options.filter().describe(format.reasons())
            + (options.duration() == null ? " until Ctrl-C" : " for " + seconds(options.duration().toNanos()) + " s")
            + (options.packets() ? ", each packet" : "") + "...");
      }
      out.flush();
      long end = options.duration() == null ? Long.MAX_VALUE : start + options.duration().toNanos();
      long step = options.interval() == null ? Long.MAX_VALUE : options.interval().toNanos();
      long nextReport = step == Long.MAX_VALUE ? Long.MAX_VALUE : start + step;
      DropTotals last = DropTotals.EMPTY;
      long lastTime = start;
      while (!signals.requested()) {
        long now = System.nanoTime();
        if (now >= end) break;
        if (now >= nextReport) {
          DropTotals totals = monitor.totals();
          report(totals.since(last), now - lastTime, Instant.now());
          last = totals;
          lastTime = now;
          nextReport += step;
          continue;
        }
        long waitMillis = Math.max(1, (Math.min(end, nextReport) - now + 999_999) / 1_000_000);
        if (options.packets()) monitor.pollPackets((int) Math.min(waitMillis, POLL_MILLIS), this::packet);
        else signals.await(waitMillis);
      }
      monitor.stop();
      long stopped = System.nanoTime();
      if (options.packets()) monitor.drainPackets(this::packet);
      DropTotals totals = monitor.totals();
      // the last interval, cut short by Ctrl-C or the end, when something happened in it
      List<DropCount> rest = totals.since(last);
      if (options.interval() != null && !rest.isEmpty()) report(rest, stopped - lastTime, Instant.now());
      long elapsed = stopped - start;
      summary(totals, elapsed, monitor.losses());
      out.flush();
      return 0;
    }
  }

  private void packet(DropPacket p) {
    out.println(options.json() ? dropwatch.format().json(p).toString() : dropwatch.format().line(p));
  }

  private void report(List<DropCount> drops, long nanos, Instant when) {
    DropFormat format = dropwatch.format();
    long total = drops.stream().mapToLong(DropCount::count).sum();
    List<DropCount> shown = top(drops);
    if (options.json()) {
      out.println(new JsonLine()
          .put("type", "interval")
          .put("time", when.toString())
          .put("seconds", nanos / 1e9)
          .put("total", total)
          .put("drops", format.json(shown)));
    } else {
      out.println(format.clock(when) + "  " + total + " drops in " + seconds(nanos) + " s");
      for (DropCount c : shown) out.println(format.line(c));
      more(drops, shown);
    }
    out.flush();
  }

  private void summary(DropTotals totals, long nanos, DropLosses losses) {
    DropFormat format = dropwatch.format();
    List<DropCount> all = totals.sorted();
    List<DropCount> shown = top(all);
    if (options.json()) {
      out.println(new JsonLine()
          .put("type", "summary")
          .put("seconds", nanos / 1e9)
          .put("total", totals.total())
          .put("sites", all.size())
          .put("drops", format.json(shown))
          .put("lost", format.json(losses)));
      return;
    }
    out.println("Summary: " + totals.total() + " drops at " + all.size() + (all.size() == 1 ? " site" : " sites")
        + " in " + seconds(nanos) + " s (" + options.filter().describe(format.reasons()) + ")");
    for (DropCount c : shown) out.println(format.line(c));
    more(all, shown);
    out.println(format.losses(losses, options.packets(), options.rate()));
  }

  private List<DropCount> top(List<DropCount> drops) {
    return options.top() > 0 && drops.size() > options.top() ? new ArrayList<>(drops.subList(0, options.top())) : drops;
  }

  private void more(List<DropCount> all, List<DropCount> shown) {
    if (shown.size() == all.size()) return;
    long rest = 0;
    for (int i = shown.size(); i < all.size(); i++) rest += all.get(i).count();
    out.println("... and " + rest + " drops at " + (all.size() - shown.size()) + " more sites (--top 0 lists all)");
  }

  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
  }
}
