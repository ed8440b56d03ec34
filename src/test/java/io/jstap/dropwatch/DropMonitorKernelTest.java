package io.jstap.dropwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.kernel.Kallsyms;
import io.jstap.kernel.btf.Btf;
import io.jstap.testing.FdLeakCheck;
import io.jstap.testing.KernelTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@KernelTest
@ExtendWith(FdLeakCheck.class)
class DropMonitorKernelTest {
  static KfreeSkbLayout layout;
  static DropReasons reasons;
  static Kallsyms kallsyms;

  @BeforeAll
  static void kernel() throws Exception {
    Btf btf = Btf.vmlinux();
    layout = KfreeSkbLayout.of(btf);
    reasons = DropReasons.of(btf);
    kallsyms = Kallsyms.load();
  }

  @Test
  void udpToAClosedPortIsCountedOncePerDatagramAsNoSocket() throws Exception {
    int n = 1000;
    try (var monitor = DropMonitor.open(layout)) {
      monitor.configure(DropFilter.ALL, false, 0);
      monitor.start();
      int port = LoopbackDrops.closedUdpPort();
      LoopbackDrops.udpToClosedPort(port, n);
      monitor.stop();
      var totals = monitor.totals();
      long noSocket = reasons.number("NO_SOCKET").orElseThrow();
      var found = totals.sorted().stream().filter(c -> c.site().reason() == noSocket).toList();
      System.out.println(found + " " + monitor.losses());
      assertThat(found).hasSize(1);
      assertThat(found.getFirst().count()).isEqualTo(n);
      assertThat(kallsyms.resolve(found.getFirst().site().location()).orElseThrow().symbol()).isEqualTo("__udp4_lib_rcv");
    }
  }
}
