package io.jstap.dropwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstap.dropwatch.Protocols.Ethertype;
import io.jstap.dropwatch.Protocols.IpProtocol;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class DropFilterTest {
  static final DropReasons REASONS = DropReasons.of(Fixture.btf());

  @Test
  void parsesReasonsAndProtocols() {
    var f = DropFilter.parse("no_socket, NETFILTER_DROP", "udp,ipv6,0x88b5", REASONS);
    assertThat(f.reasons()).containsExactly(3L, 12L);
    assertThat(f.protocols()).containsExactly(new IpProtocol(17), new Ethertype(0x86DD), new Ethertype(0x88B5));
    assertThat(f.describe(REASONS)).isEqualTo("reason NO_SOCKET or NETFILTER_DROP, protocol udp or ipv6 or 0x88b5");
    assertThat(DropFilter.parse(null, "", REASONS).isAll()).isTrue();
    assertThat(DropFilter.ALL.describe(REASONS)).isEqualTo("all drops");
  }

  @Test
  void unknownNamesAreExplained() {
    assertThatThrownBy(() -> DropFilter.parse("NO_SOKET", null, REASONS))
        .hasMessageContaining("unknown drop reason 'NO_SOKET'")
        .hasMessageContaining("did you mean NO_SOCKET")
        .hasMessageContaining("--list-reasons");
    assertThatThrownBy(() -> DropFilter.parse(null, "udq", REASONS))
        .hasMessageContaining("unknown protocol 'udq'")
        .hasMessageContaining("udp");
    assertThatThrownBy(() -> DropFilter.parse("1,2,3,4,5,6,7,8,9", null, REASONS))
        .hasMessageContaining("at most 8 reasons");
    assertThatThrownBy(() -> DropFilter.parse("NO_SOCKET", null, DropReasons.of(java.util.Map.of())))
        .hasMessageContaining("this kernel gives no drop reasons");
  }

  @Test
  void configLaysOutWhatTheProgramReads() {
    var f = DropFilter.parse("NO_SOCKET,SOCKET_RCVBUFF", "ip,udp", REASONS);
    ByteBuffer b = ByteBuffer.wrap(DropProgram.config(f, true, 100)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.capacity()).isEqualTo(DropProgram.CONFIG_SIZE);
    assertThat(b.getInt(DropProgram.CFG_FLAGS))
        .isEqualTo(DropProgram.FLAG_PACKETS | DropProgram.FLAG_REASONS | DropProgram.FLAG_PROTOCOLS);
    assertThat(b.getInt(DropProgram.CFG_RATE)).isEqualTo(100);
    assertThat(b.getInt(DropProgram.CFG_REASON_COUNT)).isEqualTo(2);
    assertThat(b.getInt(DropProgram.CFG_REASONS)).isEqualTo(3);
    assertThat(b.getInt(DropProgram.CFG_REASONS + 4)).isEqualTo(6);
    assertThat(b.getInt(DropProgram.CFG_ETHERTYPE_COUNT)).isEqualTo(1);
    // sk_buff.protocol is big-endian: 0x0800 is the bytes 08 00
    assertThat(b.get(DropProgram.CFG_ETHERTYPES)).isEqualTo((byte) 0x08);
    assertThat(b.get(DropProgram.CFG_ETHERTYPES + 1)).isEqualTo((byte) 0x00);
    assertThat(b.getShort(DropProgram.CFG_ETHERTYPES) & 0xffff).isEqualTo(DropProgram.networkOrder(0x0800));
    assertThat(b.getInt(DropProgram.CFG_IPPROTO_COUNT)).isEqualTo(1);
    assertThat(b.get(DropProgram.CFG_IPPROTOS)).isEqualTo((byte) 17);
  }

  @Test
  void noFilterAndSummaryModeLeaveTheFastPath() {
    assertThat(ByteBuffer.wrap(DropProgram.config(DropFilter.ALL, false, 0)).order(ByteOrder.LITTLE_ENDIAN).getInt(0))
        .isZero();
  }

  @Test
  void protocolNames() {
    assertThat(Protocols.parse("IPv4")).isEqualTo(new Ethertype(0x0800));
    assertThat(Protocols.parse("icmp6")).isEqualTo(new IpProtocol(58));
    assertThat(Protocols.parse("0x0100")).isNull();
    assertThat(Protocols.ipProtocolName(253)).isEqualTo("ipproto-253");
    assertThat(Protocols.ethertypeName(0x88b5)).isEqualTo("0x88b5");
    assertThat(List.of(Protocols.known().split(", "))).contains("udp", "ipv6");
  }
}
