package io.jstap.dropwatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DropFormatTest {
  static final DropReasons REASONS = DropReasons.of(Fixture.btf());
  static final long UDP_QUEUE_RCV_ONE_SKB = 0xffffffff820454f0L;

  @Test
  void theClassicLineWithTheReason() {
    var format = new DropFormat(DropLocations.of(Fixture.kallsyms()), REASONS, true);
    var c = new DropCount(new DropSite(UDP_QUEUE_RCV_ONE_SKB + 0x1b4, 3), 3);
    assertThat(format.line(c))
        .isEqualTo("3 drops at udp_queue_rcv_one_skb+0x1b4 (0xffffffff820456a4) [software] reason NO_SOCKET");
  }

  @Test
  void withoutSymbolsOrReasons() {
    var c = new DropCount(new DropSite(UDP_QUEUE_RCV_ONE_SKB + 0x1b4, 6), 12);
    assertThat(new DropFormat(DropLocations.none(), REASONS, true).line(c))
        .isEqualTo("12 drops at location 0xffffffff820456a4 [software] reason SOCKET_RCVBUFF");
    assertThat(new DropFormat(DropLocations.of(Fixture.kallsyms()), REASONS, false).line(c))
        .isEqualTo("12 drops at udp_queue_rcv_one_skb+0x1b4 (0xffffffff820456a4) [software]");
  }

  @Test
  void json() {
    var format = new DropFormat(DropLocations.of(Fixture.kallsyms()), REASONS, true);
    var c = new DropCount(new DropSite(UDP_QUEUE_RCV_ONE_SKB + 0x1b4, 3), 3);
    assertThat(format.json(c).toString())
        .isEqualTo("{\"count\":3,\"location\":\"udp_queue_rcv_one_skb+0x1b4\",\"address\":\"0xffffffff820456a4\","
            + "\"reason\":\"NO_SOCKET\",\"reason_code\":3}");
    assertThat(new JsonLine().put("s", "a\"b\\c\n\u0001").toString()).isEqualTo("{\"s\":\"a\\\"b\\\\c\\n\\u0001\"}");
  }

  @Test
  void packetLines() {
    var format = new DropFormat(DropLocations.of(Fixture.kallsyms()), REASONS, true);
    byte[] ip = {
      0x45, 0, 0, 29, 0, 0, 0x40, 0, 64, 17, 0, 0, 127, 0, 0, 1, 127, 0, 0, 2, (byte) 0x9c, 0x40, 0x27, 0x0f
    };
    String line = format.line(DropPacket.decode(DropPacketTest.record(3, 0x0800, "lo", ip)));
    assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{6} drop at udp_queue_rcv_one_skb\\+0x1b4 \\(0xffffffff820456a4\\)"
        + " \\[software\\] reason NO_SOCKET: udp 127.0.0.1:40000 > 127.0.0.2:9999 len 29 dev lo pid 1234 \\(nc\\)");
  }

  @Test
  void lossesAreAlwaysReported() {
    var format = new DropFormat(DropLocations.none(), REASONS, true);
    assertThat(format.losses(new DropLosses(0, 0, 0, 0, 5), false, 100)).isEqualTo("lost: none");
    assertThat(format.losses(new DropLosses(2, 1, 7, 3, 0), true, 100))
        .contains("2 drops not counted")
        .contains("1 drops missed")
        .contains("3 packet records lost (ring buffer full)")
        .contains("7 packets counted but not shown (over the limit of 100 per second)");
  }
}
