package io.jstap.dropwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DropReasonsTest {
  static final DropReasons REASONS = DropReasons.of(Fixture.btf());

  @Test
  void namesComeFromTheKernelsEnumWithoutPrefix() {
    assertThat(REASONS.name(3)).isEqualTo("NO_SOCKET");
    assertThat(REASONS.name(6)).isEqualTo("SOCKET_RCVBUFF");
    assertThat(REASONS.name(12)).isEqualTo("NETFILTER_DROP");
    assertThat(REASONS.name(2)).isEqualTo("NOT_SPECIFIED");
    assertThat(REASONS.all()).doesNotContainValue("MAX").doesNotContainValue("SUBSYS_MASK");
  }

  @Test
  void usersMayWriteAReasonAnyWay() {
    assertThat(REASONS.number("NO_SOCKET")).hasValue(3);
    assertThat(REASONS.number("no_socket")).hasValue(3);
    assertThat(REASONS.number("SKB_DROP_REASON_NO_SOCKET")).hasValue(3);
    assertThat(REASONS.number("3")).hasValue(3);
    assertThat(REASONS.number("NO_SUCH_REASON")).isEmpty();
  }

  @Test
  void misspeltReasonsGetSuggestions() {
    assertThat(REASONS.nearest("NO_SOKET")).first().isEqualTo("NO_SOCKET");
    assertThat(REASONS.nearest("RCVBUFF")).contains("SOCKET_RCVBUFF");
  }

  @Test
  void otherSubsystemsAndUnknownNumbersStillPrint() {
    assertThat(REASONS.name((2L << 16) | 3)).isEqualTo("SUBSYS2/3");
    assertThat(REASONS.name(100000)).isEqualTo("SUBSYS1/34464");
    var other = DropReasons.of(Map.of(3L, "NO_SOCKET"));
    assertThat(other.name(4)).isEqualTo("4");
  }
}
