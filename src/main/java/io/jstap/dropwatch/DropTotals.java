package io.jstap.dropwatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's drop counters at one moment: drops per site since the monitor was opened. Two
 * snapshots give what happened between them ({@link #since}).
 */
public record DropTotals(Map<DropSite, Long> counts) {
  public static final DropTotals EMPTY = new DropTotals(Map.of());

  public DropTotals {
    counts = Map.copyOf(counts);
  }

  /** Drops counted after {@code earlier}, most first (ties by site, for a stable order). */
  public List<DropCount> since(DropTotals earlier) {
    var out = new ArrayList<DropCount>();
    counts.forEach(
        (site, n) -> {
          long d = n - earlier.counts.getOrDefault(site, 0L);
          if (d > 0) out.add(new DropCount(site, d));
        });
    out.sort(ORDER);
    return out;
  }

  /** Every site, most drops first. */
  public List<DropCount> sorted() {
    return since(EMPTY);
  }

  public long total() {
    long t = 0;
    for (long n : counts.values()) t += n;
    return t;
  }

  /** Sums per reason, most first. */
  public Map<Long, Long> byReason() {
    var m = new HashMap<Long, Long>();
    counts.forEach((site, n) -> m.merge(site.reason(), n, Long::sum));
    return m;
  }

  static final Comparator<DropCount> ORDER =
      Comparator.comparingLong(DropCount::count)
          .reversed()
          .thenComparing(c -> c.site().location(), Long::compareUnsigned)
          .thenComparingLong(c -> c.site().reason());
}
