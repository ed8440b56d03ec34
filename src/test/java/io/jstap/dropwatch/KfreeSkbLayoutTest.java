package io.jstap.dropwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstap.kernel.btf.Btf;
import io.jstap.kernel.btf.BtfExtract;
import org.junit.jupiter.api.Test;

class KfreeSkbLayoutTest {
  @Test
  void argumentsAndMembersOfA618Kernel() {
    var layout = KfreeSkbLayout.of(Fixture.btf());
    // TP_PROTO(struct sk_buff *skb, void *location, enum skb_drop_reason reason, struct sock *rx_sk)
    assertThat(layout.skbArg()).isZero();
    assertThat(layout.locationArg()).isEqualTo(1);
    assertThat(layout.reasonArg()).isEqualTo(2);
    assertThat(layout.hasReason()).isTrue();
    // offsets as pahole -F btf -C sk_buff / net_device prints them for the fixture
    assertThat(layout.skbLen()).isEqualTo(112);
    assertThat(layout.skbProtocol()).isEqualTo(176);
    assertThat(layout.skbNetworkHeader()).isEqualTo(180);
    assertThat(layout.skbHead()).isEqualTo(192);
    assertThat(layout.skbDev()).isEqualTo(16);
    assertThat(layout.devIfindex()).isEqualTo(224);
    assertThat(layout.devName()).isEqualTo(280);
  }

  @Test
  void aKernelWithoutTheTracepointIsToldSo() {
    Btf full = Fixture.btf();
    // the same kernel's types without the tracepoint's traces
    Btf without = Btf.parse(BtfExtract.extract(full, full.struct("sk_buff").orElseThrow().id()));
    assertThatThrownBy(() -> KfreeSkbLayout.of(without))
        .isInstanceOf(DropwatchException.class)
        .hasMessageContaining("no skb:kfree_skb tracepoint");
  }
}
