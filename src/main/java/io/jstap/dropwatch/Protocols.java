package io.jstap.dropwatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Protocol names users filter by and read: ethertypes (include/uapi/linux/if_ether.h), which
 * {@code sk_buff.protocol} holds, and IP protocol numbers (include/uapi/linux/in.h), which the
 * IPv4 or IPv6 header names.
 */
public final class Protocols {
  private Protocols() {}

  /** One protocol: an ethertype ({@code ip}, {@code ipv6}, {@code arp}) or an IP protocol ({@code udp}). */
  public sealed interface Protocol {}

  public record Ethertype(int value) implements Protocol {}

  public record IpProtocol(int value) implements Protocol {}

  public static final int ETH_P_IP = 0x0800;
  public static final int ETH_P_IPV6 = 0x86DD;

  private static final Map<String, Integer> ETHERTYPES = new LinkedHashMap<>();
  private static final Map<String, Integer> IP_PROTOCOLS = new LinkedHashMap<>();

  static {
    ETHERTYPES.put("ip", ETH_P_IP);
    ETHERTYPES.put("ipv6", ETH_P_IPV6);
    ETHERTYPES.put("arp", 0x0806);
    ETHERTYPES.put("vlan", 0x8100);
    ETHERTYPES.put("mpls", 0x8847);
    ETHERTYPES.put("lldp", 0x88CC);
    IP_PROTOCOLS.put("icmp", 1);
    IP_PROTOCOLS.put("igmp", 2);
    IP_PROTOCOLS.put("tcp", 6);
    IP_PROTOCOLS.put("udp", 17);
    IP_PROTOCOLS.put("gre", 47);
    IP_PROTOCOLS.put("esp", 50);
    IP_PROTOCOLS.put("ah", 51);
    IP_PROTOCOLS.put("icmpv6", 58);
    IP_PROTOCOLS.put("sctp", 132);
    IP_PROTOCOLS.put("udplite", 136);
  }

  /**
   * A protocol by name ({@code udp}, {@code ipv6}; {@code ipv4} is {@code ip}) or ethertype
   * number ({@code 0x88b5}); null when unknown.
   */
  public static Protocol parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("ipv4")) t = "ip";
    if (t.equals("icmp6")) t = "icmpv6";
    Integer e = ETHERTYPES.get(t);
    if (e != null) return new Ethertype(e);
    Integer p = IP_PROTOCOLS.get(t);
    if (p != null) return new IpProtocol(p);
    if (t.startsWith("0x")) {
      try {
        int v = Integer.parseInt(t.substring(2), 16);
        if (v >= 0x600 && v <= 0xffff) return new Ethertype(v);
      } catch (NumberFormatException ex) {
        return null;
      }
    }
    return null;
  }

  /** The names {@link #parse} knows, ethertypes first. */
  public static List<String> names() {
    var out = new ArrayList<String>(ETHERTYPES.keySet());
    out.addAll(IP_PROTOCOLS.keySet());
    return out;
  }

  /** The names {@link #parse} knows, for messages. */
  public static String known() {
    return String.join(", ", ETHERTYPES.keySet()) + ", " + String.join(", ", IP_PROTOCOLS.keySet())
        + " or an ethertype such as 0x88b5";
  }

  /** A name for an ethertype: {@code ip}, {@code ipv6}, or {@code 0x88b5}. */
  public static String ethertypeName(int ethertype) {
    for (var e : ETHERTYPES.entrySet()) if (e.getValue() == ethertype) return e.getKey();
    return String.format(Locale.ROOT, "0x%04x", ethertype);
  }

  /** A name for an IP protocol number: {@code udp}, or {@code ipproto-253}. */
  public static String ipProtocolName(int protocol) {
    for (var e : IP_PROTOCOLS.entrySet()) if (e.getValue() == protocol) return e.getKey();
    return "ipproto-" + protocol;
  }

  /** The name of a {@link Protocol}. */
  public static String name(Protocol p) {
    return switch (p) {
      case Ethertype(int v) -> ethertypeName(v);
      case IpProtocol(int v) -> ipProtocolName(v);
    };
  }
}
