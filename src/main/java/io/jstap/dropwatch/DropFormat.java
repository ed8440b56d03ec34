package io.jstap.dropwatch;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How drops are printed. Counts use the classic dropwatch line with the reason added:
 * {@code 3 drops at udp_queue_rcv_one_skb+0x1b4 (0xffffffff81a2b3c4) [software] reason NO_SOCKET};
 * packets one line each; {@code --json} one object per line.
 */
public final class DropFormat {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT).withZone(ZoneId.systemDefault());
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

  private final DropLocations locations;
  private final DropReasons reasons;
  private final boolean withReasons;
  /** Wall-clock time minus CLOCK_MONOTONIC (which bpf_ktime_get_ns and System.nanoTime read), ns. */
  private final long wallMinusMonotonic;

  /**
   * @param withReasons whether the kernel gives reasons (its tracepoint has them)
   */
  public DropFormat(DropLocations locations, DropReasons reasons, boolean withReasons) {
    this.locations = locations;
    this.reasons = reasons;
    this.withReasons = withReasons;
    Instant now = Instant.now();
    this.wallMinusMonotonic = now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
  }

  public DropReasons reasons() {
    return reasons;
  }

  /** The classic line. */
  public String line(DropCount c) {
    return c.count() + " drops at " + where(c.site().location()) + reasonSuffix(c.site().reason());
  }

  /** {@code sym+0xoff (0xaddress) [software]}, or {@code location 0xaddress [software]} unnamed. */
  public String where(long location) {
    String address = hex(location);
    return locations.name(location).map(n -> n + " (" + address + ")").orElse("location " + address) + " [software]";
  }

  private String reasonSuffix(long reason) {
    return withReasons ? " reason " + reasons.name(reason) : "";
  }

  /** One packet: time, site, reason, then what it was and who was running. */
  public String line(DropPacket p) {
    var sb = new StringBuilder(CLOCK.format(wallTime(p.monotonicNanos())));
    sb.append(" drop at ").append(where(p.site().location())).append(reasonSuffix(p.site().reason()));
    sb.append(": ").append(p.protocolName());
    if (!p.source().isEmpty()) sb.append(' ').append(p.source()).append(" > ").append(p.destination());
    sb.append(" len ").append(p.length());
    sb.append(" dev ").append(p.device().isEmpty() ? "-" : p.device());
    sb.append(" pid ").append(p.pid()).append(" (").append(p.comm()).append(')');
    return sb.toString();
  }

  /** {@code 14:03:05}: the time of an interval report. */
  public String clock(Instant t) {
    return SECONDS.format(t);
  }

  public Instant wallTime(long monotonicNanos) {
    long wall = monotonicNanos + wallMinusMonotonic;
    return Instant.ofEpochSecond(Math.floorDiv(wall, 1_000_000_000L), Math.floorMod(wall, 1_000_000_000L));
  }

  JsonLine json(DropCount c) {
    var j = new JsonLine().put("count", c.count());
    site(j, c.site());
    return j;
  }

  List<JsonLine> json(List<DropCount> counts) {
    var out = new ArrayList<JsonLine>(counts.size());
    for (DropCount c : counts) out.add(json(c));
    return out;
  }

  JsonLine json(DropPacket p) {
    var j = new JsonLine().put("type", "packet").put("time", wallTime(p.monotonicNanos()).toString());
    site(j, p.site());
    j.put("protocol", p.protocolName())
        .put("ethertype", String.format(Locale.ROOT, "0x%04x", p.ethertype()))
        .put("source", p.source().isEmpty() ? null : p.source())
        .put("destination", p.destination().isEmpty() ? null : p.destination())
        .put("length", p.length())
        .put("ifindex", p.ifindex())
        .put("device", p.device().isEmpty() ? null : p.device())
        .put("pid", p.pid())
        .put("tid", p.tid())
        .put("comm", p.comm());
    return j;
  }

  private void site(JsonLine j, DropSite site) {
    j.put("location", locations.name(site.location()).orElse(null)).put("address", hex(site.location()));
    if (withReasons) j.put("reason", reasons.name(site.reason())).put("reason_code", site.reason());
  }

  JsonLine json(DropLosses l) {
    return new JsonLine()
        .put("not_counted", l.notCounted())
        .put("missed", l.missed())
        .put("rate_limited", l.rateLimited())
        .put("ring_full", l.ringFull())
        .put("filtered", l.filtered());
  }

  /**
   * What was lost, for people: "lost: none", or what and why. {@code packets} adds the packet
   * records' fate.
   */
  public String losses(DropLosses l, boolean packets, int rate) {
    var parts = new ArrayList<String>();
    if (l.notCounted() > 0) {
      parts.add(l.notCounted() + " drops not counted (the count table was full: "
          + DropProgram.MAX_KEYS + " sites, or out of kernel memory)");
    }
    if (l.missed() > 0) {
      parts.add(l.missed() + " drops missed (the kernel skipped the program while it ran on the same CPU)");
    }
    if (packets && l.ringFull() > 0) parts.add(l.ringFull() + " packet records lost (ring buffer full)");
    String lost = parts.isEmpty() ? "lost: none" : "lost: " + String.join("; ", parts);
    if (packets && l.rateLimited() > 0) {
      lost += "; " + l.rateLimited() + " packets counted but not shown (over the limit of " + rate + " per second)";
    }
    return lost;
  }

  static String hex(long address) {
    return String.format(Locale.ROOT, "0x%016x", address);
  }
}
