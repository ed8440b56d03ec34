package io.jstap.dropwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DropPacketTest {
  @Test
  void decodesARecordWithAnIpv4UdpHeader() {
    byte[] ip = {
      0x45, 0, 0, 29, 0, 0, 0x40, 0, 64, 17, 0, 0, // version/ihl, ..., ttl, protocol udp
      127, 0, 0, 1, 127, 0, 0, 2, // source, destination
      (byte) 0x9c, 0x40, 0x27, 0x0f // ports 40000 > 9999
    };
    DropPacket p = DropPacket.decode(record(3, 0x0800, "lo", ip));
    assertThat(p.site()).isEqualTo(new DropSite(0xffffffff820454f0L + 0x1b4, 3));
    assertThat(p.pid()).isEqualTo(1234);
    assertThat(p.tid()).isEqualTo(1235);
    assertThat(p.comm()).isEqualTo("nc");
    assertThat(p.length()).isEqualTo(29);
    assertThat(p.device()).isEqualTo("lo");
    assertThat(p.ifindex()).isEqualTo(1);
    assertThat(p.ipVersion()).isEqualTo(4);
    assertThat(p.protocolName()).isEqualTo("udp");
    assertThat(p.source()).isEqualTo("127.0.0.1:40000");
    assertThat(p.destination()).isEqualTo("127.0.0.2:9999");
  }

  @Test
  void decodesIpv6AndNonIpPackets() {
    byte[] ip6 = new byte[44];
    ip6[0] = 0x60;
    ip6[6] = 6; // tcp
    ip6[23] = 1; // ::1
    ip6[24] = 0x20;
    ip6[25] = 0x01;
    ip6[26] = 0x0d;
    ip6[27] = (byte) 0xb8;
    ip6[39] = 5; // 2001:db8::5
    ip6[40] = 0x01;
    ip6[41] = (byte) 0xbb; // 443
    ip6[42] = 0;
    ip6[43] = 80;
    DropPacket p = DropPacket.decode(record(2, 0x86DD, "eth0", ip6));
    assertThat(p.protocolName()).isEqualTo("tcp");
    assertThat(p.source()).isEqualTo("[::1]:443");
    assertThat(p.destination()).isEqualTo("[2001:db8::5]:80");

    DropPacket raw = DropPacket.decode(record(74, 0x88b5, "lo", new byte[0]));
    assertThat(raw.ipVersion()).isZero();
    assertThat(raw.protocolName()).isEqualTo("0x88b5");
    assertThat(raw.source()).isEmpty();

    DropPacket none = DropPacket.decode(record(2, 0, null, new byte[0]));
    assertThat(none.protocolName()).isEqualTo("-");
    assertThat(none.device()).isEmpty();
    assertThat(none.ifindex()).isZero();
  }

  @Test
  void ipv6TextFollowsRfc5952() {
    assertThat(DropPacket.ipv6(new byte[16], 0)).isEqualTo("::");
    byte[] b = new byte[16];
    b[0] = 0x20;
    b[1] = 0x01;
    b[2] = 0x0d;
    b[3] = (byte) 0xb8;
    b[9] = 1; // 2001:db8:0:0:1:0:0:1 -> the first longest run
    b[15] = 1;
    assertThat(DropPacket.ipv6(b, 0)).isEqualTo("2001:db8::1:0:0:1");
    byte[] one = new byte[16];
    one[3] = 1;
    assertThat(DropPacket.ipv6(one, 0)).isEqualTo("0:1::");
  }

  /** A record as the program writes it (layout in DropProgram). */
  static MemorySegment record(long reason, int ethertype, String device, byte[] header) {
    ByteBuffer b = ByteBuffer.allocate(DropProgram.RECORD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(DropProgram.REC_TIME, 123_456_789L);
    b.putLong(DropProgram.REC_LOCATION, 0xffffffff820454f0L + 0x1b4);
    b.putInt(DropProgram.REC_REASON, (int) reason);
    b.putInt(DropProgram.REC_PID, 1234);
    b.putInt(DropProgram.REC_TID, 1235);
    b.putInt(DropProgram.REC_LEN, 29);
    b.order(ByteOrder.BIG_ENDIAN).putShort(DropProgram.REC_PROTOCOL, (short) ethertype).order(ByteOrder.LITTLE_ENDIAN);
    int flags = 0;
    if (device != null) {
      b.putInt(DropProgram.REC_IFINDEX, 1);
      b.put(DropProgram.REC_IFNAME, device.getBytes(StandardCharsets.US_ASCII));
      flags |= DropProgram.REC_FLAG_DEV;
    }
    b.put(DropProgram.REC_COMM, "nc".getBytes(StandardCharsets.US_ASCII));
    if (header.length > 0) {
      b.put(DropProgram.REC_HEADER, header);
      flags |= DropProgram.REC_FLAG_HEADER;
    }
    b.putInt(DropProgram.REC_FLAGS, flags);
    MemorySegment s = Arena.ofAuto().allocate(DropProgram.RECORD_SIZE, 8);
    MemorySegment.copy(b.array(), 0, s, ValueLayout.JAVA_BYTE, 0, DropProgram.RECORD_SIZE);
    return s;
  }
}
