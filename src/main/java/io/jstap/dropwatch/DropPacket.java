package io.jstap.dropwatch;

import static io.jstap.dropwatch.DropProgram.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One dropped packet as packet mode reports it, decoded from the program's ring-buffer record
 * (layout in {@link DropProgram}).
 *
 * @param monotonicNanos when, on CLOCK_MONOTONIC (bpf_ktime_get_ns)
 * @param site where and why
 * @param pid the thread group of the task running when the packet was dropped (in softirq
 *     context: whichever task the interrupt came in)
 * @param tid its thread
 * @param comm its name
 * @param length {@code sk_buff.len}: bytes from the current data pointer, as the layer that
 *     dropped it saw them
 * @param ethertype {@code sk_buff.protocol} (0 when not set yet)
 * @param ifindex the device's index, or 0 without a device
 * @param device the device's name, or empty without one
 * @param header the first bytes at the network header, or empty when they could not be read
 */
public record DropPacket(
    long monotonicNanos,
    DropSite site,
    int pid,
    int tid,
    String comm,
    long length,
    int ethertype,
    int ifindex,
    String device,
    byte[] header) {

  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfShort BE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  /** Decodes one record; {@code record} must hold {@link DropProgram#RECORD_SIZE} bytes. */
  public static DropPacket decode(MemorySegment record) {
    if (record.byteSize() < RECORD_SIZE) {
      throw new IllegalArgumentException("a drop record has " + RECORD_SIZE + " bytes, not " + record.byteSize());
    }
    int flags = record.get(INT, REC_FLAGS);
    boolean dev = (flags & REC_FLAG_DEV) != 0;
    byte[] header = (flags & REC_FLAG_HEADER) != 0
        ? record.asSlice(REC_HEADER, HEADER_BYTES).toArray(ValueLayout.JAVA_BYTE)
        : new byte[0];
    return new DropPacket(
        record.get(LONG, REC_TIME),
        new DropSite(record.get(LONG, REC_LOCATION), Integer.toUnsignedLong(record.get(INT, REC_REASON))),
        record.get(INT, REC_PID),
        record.get(INT, REC_TID),
        cString(record, REC_COMM, 16),
        Integer.toUnsignedLong(record.get(INT, REC_LEN)),
        Short.toUnsignedInt(record.get(BE_SHORT, REC_PROTOCOL)),
        dev ? record.get(INT, REC_IFINDEX) : 0,
        dev ? cString(record, REC_IFNAME, 16) : "",
        header);
  }

  private static String cString(MemorySegment s, long offset, int max) {
    byte[] b = s.asSlice(offset, max).toArray(ValueLayout.JAVA_BYTE);
    int n = 0;
    while (n < b.length && b[n] != 0) n++;
    return new String(b, 0, n, StandardCharsets.UTF_8);
  }

  /** The IP header's version when the header is IPv4's or IPv6's and matches the ethertype, else 0. */
  public int ipVersion() {
    if (header.length < 20) return 0;
    int v = (header[0] & 0xff) >> 4;
    if (v == 4 && ethertype == Protocols.ETH_P_IP) return 4;
    if (v == 6 && ethertype == Protocols.ETH_P_IPV6 && header.length >= 40) return 6;
    return 0;
  }

  /** The IP protocol (IPv6: the first next-header), or -1 when not an IP packet. */
  public int ipProtocol() {
    return switch (ipVersion()) {
      case 4 -> header[9] & 0xff;
      case 6 -> header[6] & 0xff;
      default -> -1;
    };
  }

  /** {@code udp}, {@code ipv6}, {@code arp}, {@code 0x88b5}; {@code -} when unknown. */
  public String protocolName() {
    int p = ipProtocol();
    if (p >= 0) return Protocols.ipProtocolName(p);
    return ethertype == 0 ? "-" : Protocols.ethertypeName(ethertype);
  }

  /** Source address (with port for TCP, UDP, SCTP), or empty when not an IP packet. */
  public String source() {
    return endpoint(true);
  }

  /** Destination address (with port for TCP, UDP, SCTP), or empty when not an IP packet. */
  public String destination() {
    return endpoint(false);
  }

  private String endpoint(boolean source) {
    int version = ipVersion();
    if (version == 0) return "";
    String address;
    int transport;
    if (version == 4) {
      address = ipv4(header, source ? 12 : 16);
      int ihl = (header[0] & 0x0f) * 4;
      boolean firstFragment = ((header[6] & 0x1f) | header[7]) == 0;
      transport = ihl >= 20 && firstFragment ? ihl : -1;
    } else {
      address = ipv6(header, source ? 8 : 24);
      transport = 40;
    }
    int p = ipProtocol();
    boolean ports = p == 6 || p == 17 || p == 132 || p == 136;
    if (!ports || transport < 0 || transport + 4 > header.length) return address;
    int port = ((header[transport + (source ? 0 : 2)] & 0xff) << 8) | (header[transport + (source ? 1 : 3)] & 0xff);
    return (version == 6 ? "[" + address + "]" : address) + ":" + port;
  }

  static String ipv4(byte[] b, int at) {
    return (b[at] & 0xff) + "." + (b[at + 1] & 0xff) + "." + (b[at + 2] & 0xff) + "." + (b[at + 3] & 0xff);
  }

  /** RFC 5952 text: lower case, the longest run of two or more zero groups as "::". */
  static String ipv6(byte[] b, int at) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) g[i] = ((b[at + 2 * i] & 0xff) << 8) | (b[at + 2 * i + 1] & 0xff);
    int bestStart = -1, bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) j++;
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    var sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DropPacket p
        && monotonicNanos == p.monotonicNanos && site.equals(p.site) && pid == p.pid && tid == p.tid
        && comm.equals(p.comm) && length == p.length && ethertype == p.ethertype && ifindex == p.ifindex
        && device.equals(p.device) && Arrays.equals(header, p.header);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(monotonicNanos) * 31 + site.hashCode();
  }

  @Override
  public String toString() {
    return "DropPacket[" + site + " " + protocolName() + " " + source() + " > " + destination() + " len " + length
        + " dev " + device + " pid " + pid + " (" + comm + ")]";
  }
}
