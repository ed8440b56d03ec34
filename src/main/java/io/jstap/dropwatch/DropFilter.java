package io.jstap.dropwatch;

import io.jstap.dropwatch.Protocols.Ethertype;
import io.jstap.dropwatch.Protocols.IpProtocol;
import io.jstap.dropwatch.Protocols.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Which drops to watch: those with one of {@code reasons} (all when empty) and one of {@code
 * protocols} (all when empty; a packet matches when its ethertype or its IP protocol is listed).
 * The kernel program applies it before counting, so filtered drops cost no map update and no
 * ring-buffer record.
 */
public record DropFilter(List<Long> reasons, List<Protocol> protocols) {
  /** How many of each the program compares against (its comparisons are unrolled). */
  public static final int MAX_REASONS = 8;
  public static final int MAX_ETHERTYPES = 4;
  public static final int MAX_IP_PROTOCOLS = 4;

  public static final DropFilter ALL = new DropFilter(List.of(), List.of());

  public DropFilter {
    reasons = List.copyOf(reasons);
    protocols = List.copyOf(protocols);
    if (reasons.size() > MAX_REASONS) {
      throw new DropwatchException("at most " + MAX_REASONS + " reasons can be watched at once");
    }
    if (ethertypes(protocols).size() > MAX_ETHERTYPES || ipProtocols(protocols).size() > MAX_IP_PROTOCOLS) {
      throw new DropwatchException(
          "at most " + MAX_ETHERTYPES + " ethertypes and " + MAX_IP_PROTOCOLS + " IP protocols can be watched at once");
    }
  }

  /**
   * Parses comma-separated reason and protocol lists (either may be null or empty for all).
   *
   * @throws DropwatchException naming an unknown reason or protocol, with the nearest names
   */
  public static DropFilter parse(String reasonList, String protocolList, DropReasons known) {
    var reasons = new ArrayList<Long>();
    if (known.isEmpty() && !split(reasonList).isEmpty()) {
      throw new DropwatchException(
          "this kernel gives no drop reasons (the kfree_skb tracepoint has them since Linux 5.17); watch without --reason");
    }
    for (String r : split(reasonList)) {
      OptionalLong n = known.number(r);
      if (n.isEmpty()) {
        var near = known.nearest(r);
        throw new DropwatchException(
            "unknown drop reason '" + r + "'"
                + (near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?")
                + " ('jstap dropwatch --list-reasons' lists this kernel's reasons)");
      }
      if (!reasons.contains(n.getAsLong())) reasons.add(n.getAsLong());
    }
    var protocols = new ArrayList<Protocol>();
    for (String p : split(protocolList)) {
      Protocol parsed = Protocols.parse(p);
      if (parsed == null) {
        throw new DropwatchException("unknown protocol '" + p + "'; known: " + Protocols.known());
      }
      if (!protocols.contains(parsed)) protocols.add(parsed);
    }
    return new DropFilter(reasons, protocols);
  }

  private static List<String> split(String list) {
    var out = new ArrayList<String>();
    if (list == null) return out;
    for (String s : list.split(",")) if (!s.isBlank()) out.add(s.strip());
    return out;
  }

  public boolean isAll() {
    return reasons.isEmpty() && protocols.isEmpty();
  }

  public List<Integer> ethertypes() {
    return ethertypes(protocols);
  }

  public List<Integer> ipProtocols() {
    return ipProtocols(protocols);
  }

  private static List<Integer> ethertypes(List<Protocol> protocols) {
    var out = new ArrayList<Integer>();
    for (Protocol p : protocols) if (p instanceof Ethertype(int v)) out.add(v);
    return out;
  }

  private static List<Integer> ipProtocols(List<Protocol> protocols) {
    var out = new ArrayList<Integer>();
    for (Protocol p : protocols) if (p instanceof IpProtocol(int v)) out.add(v);
    return out;
  }

  /** "reason NO_SOCKET or SOCKET_RCVBUFF, protocol udp", or "all drops". */
  public String describe(DropReasons names) {
    if (isAll()) return "all drops";
    var parts = new ArrayList<String>();
    if (!reasons.isEmpty()) {
      var r = new ArrayList<String>();
      for (long n : reasons) r.add(names.name(n));
      parts.add("reason " + String.join(" or ", r));
    }
    if (!protocols.isEmpty()) {
      var p = new ArrayList<String>();
      for (Protocol x : protocols) p.add(Protocols.name(x));
      parts.add("protocol " + String.join(" or ", p));
    }
    return String.join(", ", parts);
  }
}
