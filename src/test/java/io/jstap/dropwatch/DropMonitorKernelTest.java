package io.jstap.dropwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.kernel.Kallsyms;
import io.jstap.kernel.btf.Btf;
import io.jstap.testing.FdLeakCheck;
import io.jstap.testing.KernelTest;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Real drops (LABS.md section 3), counted by the real kernel program, with exact counts. */
@KernelTest
@ExtendWith(FdLeakCheck.class)
class DropMonitorKernelTest {
  static KfreeSkbLayout layout;
  static DropReasons reasons;
  static DropLocations locations;
  static long noSocket;
  static long socketRcvbuff;
  static long netfilterDrop;

  @BeforeAll
  static void kernel() throws Exception {
    Btf btf = Btf.vmlinux();
    layout = KfreeSkbLayout.of(btf);
    reasons = DropReasons.of(btf);
    locations = DropLocations.of(Kallsyms.load());
    noSocket = reasons.number("NO_SOCKET").orElseThrow();
    socketRcvbuff = reasons.number("SOCKET_RCVBUFF").orElseThrow();
    netfilterDrop = reasons.number("NETFILTER_DROP").orElseThrow();
  }

  @Test
  void udpToAClosedPortIsOneNoSocketDropPerDatagramWhereTheKernelSaysItIs() throws Exception {
    int n = 1000;
    try (var monitor = DropMonitor.open(layout); var trace = KernelDropTrace.start()) {
      monitor.configure(DropFilter.ALL, false, 0);
      monitor.start();
      LoopbackDrops.udpToClosedPort(LoopbackDrops.closedUdpPort(), n);
      List<DropCount> found = awaitSites(monitor, noSocket, n);
      monitor.stop();
      assertThat(found).hasSize(1);
      DropCount c = found.getFirst();
      assertThat(c.count()).isEqualTo(n);
      assertThat(locations.function(c.site().location())).hasValue("__udp4_lib_rcv");
      // the kernel's own %pS of the same drops names the same place, as often
      String where = locations.name(c.site().location()).orElseThrow();
      assertThat(trace.counts()).containsEntry(where + " NO_SOCKET", n);
      assertThat(monitor.losses().uncounted()).isZero();
    }
  }

  @Test
  void aFullReceiveBufferDropsWithSocketRcvbuff() throws Exception {
    try (var monitor = DropMonitor.open(layout)) {
      monitor.configure(DropFilter.ALL, false, 0);
      monitor.start();
      int dropped = LoopbackDrops.fillReceiveBuffer(200);
      assertThat(dropped).as("the buffer holds only a few datagrams").isGreaterThan(150);
      List<DropCount> found = awaitSites(monitor, socketRcvbuff, dropped);
      assertThat(found).hasSize(1);
      assertThat(found.getFirst().count()).isEqualTo(dropped);
      assertThat(locations.function(found.getFirst().site().location())).hasValue("udp_queue_rcv_one_skb");
    }
  }

  @Test
  void anNftablesRuleInANamespaceDropsWithNetfilterDrop(@TempDir Path work) throws Exception {
    int n = 200;
    try (var lab = NetnsLab.create(work); var monitor = DropMonitor.open(layout); var trace = KernelDropTrace.start()) {
      monitor.configure(DropFilter.ALL, false, 0);
      long before = lab.ruleDrops();
      monitor.start();
      lab.send(NetnsLab.DROPPED_PORT, n);
      List<DropCount> found = awaitSites(monitor, netfilterDrop, n);
      monitor.stop();
      assertThat(lab.ruleDrops() - before).as("the rule's own counter").isEqualTo(n);
      assertThat(found).hasSize(1);
      assertThat(found.getFirst().count()).isEqualTo(n);
      String where = locations.name(found.getFirst().site().location()).orElseThrow();
      assertThat(trace.counts()).containsEntry(where + " NETFILTER_DROP", n);
    }
  }

  @Test
  void aReasonFilterCountsOnlyThatReasonAndTalliesTheRest() throws Exception {
    try (var monitor = DropMonitor.open(layout)) {
      monitor.configure(new DropFilter(List.of(socketRcvbuff), List.of()), false, 0);
      monitor.start();
      LoopbackDrops.udpToClosedPort(LoopbackDrops.closedUdpPort(), 100);
      int dropped = LoopbackDrops.fillReceiveBuffer(100);
      awaitSites(monitor, socketRcvbuff, dropped);
      monitor.stop();
      var totals = monitor.totals();
      assertThat(totals.counts().keySet()).allMatch(site -> site.reason() == socketRcvbuff);
      assertThat(totals.total()).isEqualTo(dropped);
      assertThat(monitor.losses().filtered()).isGreaterThanOrEqualTo(100);
    }
  }

  @Test
  void protocolFiltersLookAtTheEthertypeAndTheIpHeader() throws Exception {
    try (var monitor = DropMonitor.open(layout)) {
      monitor.start();
      for (String protocols : List.of("icmp", "ipv6", "arp,tcp")) {
        monitor.configure(DropFilter.parse("NO_SOCKET", protocols, reasons), false, 0);
        LoopbackDrops.udpToClosedPort(LoopbackDrops.closedUdpPort(), 50);
      }
      assertThat(monitor.totals().counts()).as("IPv4 UDP matches none of them").isEmpty();
      monitor.configure(DropFilter.parse("NO_SOCKET", "udp", reasons), false, 0);
      LoopbackDrops.udpToClosedPort(LoopbackDrops.closedUdpPort(), 50);
      awaitSites(monitor, noSocket, 50);
      monitor.configure(DropFilter.parse("NO_SOCKET", "ip", reasons), false, 0);
      LoopbackDrops.udpToClosedPort(LoopbackDrops.closedUdpPort(), 50);
      List<DropCount> found = awaitSites(monitor, noSocket, 100);
      assertThat(found.stream().mapToLong(DropCount::count).sum()).isEqualTo(100);
    }
  }

  @Test
  void packetModeReportsEachDropWithItsDetails() throws Exception {
    int n = 20;
    try (var monitor = DropMonitor.open(layout); DatagramChannel out = DatagramChannel.open()) {
      out.bind(new InetSocketAddress("127.0.0.1", 0));
      int from = ((InetSocketAddress) out.getLocalAddress()).getPort();
      int to = LoopbackDrops.closedUdpPort();
      monitor.configure(DropFilter.parse("NO_SOCKET", "udp", reasons), true, 0);
      monitor.start();
      for (int i = 0; i < n; i++) out.send(ByteBuffer.wrap(new byte[i + 1]), new InetSocketAddress("127.0.0.1", to));
      List<DropPacket> packets = new ArrayList<>();
      long deadline = System.nanoTime() + 2_000_000_000L;
      while (packets.size() < n && System.nanoTime() < deadline) monitor.pollPackets(50, packets::add);
      monitor.stop();
      monitor.drainPackets(packets::add);
      List<DropPacket> ours = packets.stream().filter(p -> p.destination().equals("127.0.0.1:" + to)).toList();
      assertThat(ours).hasSize(n);
      for (int i = 0; i < n; i++) {
        DropPacket p = ours.get(i);
        assertThat(p.site().reason()).isEqualTo(noSocket);
        assertThat(locations.function(p.site().location())).hasValue("__udp4_lib_rcv");
        assertThat(p.protocolName()).isEqualTo("udp");
        assertThat(p.ethertype()).isEqualTo(Protocols.ETH_P_IP);
        assertThat(p.source()).isEqualTo("127.0.0.1:" + from);
        // the UDP layer saw its header (8 bytes) and the payload
        assertThat(p.length()).isEqualTo(8 + i + 1);
        assertThat(p.device()).isEqualTo("lo");
        assertThat(p.ifindex()).isEqualTo(1);
        if (i > 0) assertThat(p.monotonicNanos()).isGreaterThanOrEqualTo(ours.get(i - 1).monotonicNanos());
      }
      // loopback delivers in the sender's context (or, when softirqs are deferred, ksoftirqd's)
      assertThat(ours).allSatisfy(p -> assertThat(
          p.pid() == ProcessHandle.current().pid() || p.comm().startsWith("ksoftirqd")).isTrue());
      assertThat(monitor.totals().counts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(packets.size());
    }
  }

  @Test
  void theRateLimitShowsSomeAndCountsTheRest() throws Exception {
    int n = 300;
    try (var monitor = DropMonitor.open(layout)) {
      monitor.configure(DropFilter.parse("NO_SOCKET", "udp", reasons), true, 10);
      monitor.start();
      LoopbackDrops.udpToClosedPort(LoopbackDrops.closedUdpPort(), n);
      awaitSites(monitor, noSocket, n);
      monitor.stop();
      List<DropPacket> shown = new ArrayList<>();
      monitor.drainPackets(shown::add);
      DropLosses losses = monitor.losses();
      assertThat(shown.size() + losses.rateLimited()).isEqualTo(monitor.totals().total());
      assertThat(shown).hasSizeBetween(10, 20); // 10 a second; a burst may straddle two windows
      assertThat(losses.ringFull()).isZero();
    }
  }

  @Test
  void recordsLostToAFullRingAreCounted() throws Exception {
    // 4 MiB hold ~27,600 records of 152 bytes; nobody reads while 40,000 drops happen
    int n = 40_000;
    try (var monitor = DropMonitor.open(layout)) {
      monitor.configure(DropFilter.parse("NO_SOCKET", "udp", reasons), true, 0);
      monitor.start();
      LoopbackDrops.udpToClosedPort(LoopbackDrops.closedUdpPort(), n);
      awaitSites(monitor, noSocket, n);
      monitor.stop();
      long[] read = {0};
      monitor.drainPackets(p -> read[0]++);
      DropLosses losses = monitor.losses();
      assertThat(losses.ringFull()).isGreaterThan(0);
      assertThat(read[0] + losses.ringFull()).isEqualTo(monitor.totals().total());
      assertThat(read[0]).isLessThanOrEqualTo(DropProgram.RING_BYTES / (DropProgram.RECORD_SIZE + 8));
    }
  }

  @Test
  void nothingIsCountedWhileStopped() throws Exception {
    try (var monitor = DropMonitor.open(layout)) {
      monitor.configure(DropFilter.parse("NO_SOCKET", "udp", reasons), false, 0);
      monitor.start();
      assertThat(monitor.isRunning()).isTrue();
      LoopbackDrops.udpToClosedPort(LoopbackDrops.closedUdpPort(), 10);
      awaitSites(monitor, noSocket, 10);
      monitor.stop();
      assertThat(monitor.isRunning()).isFalse();
      LoopbackDrops.udpToClosedPort(LoopbackDrops.closedUdpPort(), 10);
      Thread.sleep(100);
      assertThat(monitor.totals().total()).isEqualTo(10);
      monitor.start();
      LoopbackDrops.udpToClosedPort(LoopbackDrops.closedUdpPort(), 10);
      awaitSites(monitor, noSocket, 20);
      assertThat(monitor.totals().total()).isEqualTo(20);
    }
  }

  @Test
  void liveReasonNamesIncludeOtherSubsystems() {
    assertThat(reasons.name(noSocket)).isEqualTo("NO_SOCKET");
    assertThat(reasons.name((2L << 16) | 1)).isEqualTo("OPENVSWITCH/1");
  }

  /**
   * The sites with {@code reason}, once their counts add up to {@code expected} (drops made by
   * another context, e.g. a softirq, may land a moment later), or after two seconds.
   */
  static List<DropCount> awaitSites(DropMonitor monitor, long reason, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (true) {
      List<DropCount> found = monitor.totals().sorted().stream().filter(c -> c.site().reason() == reason).toList();
      long sum = found.stream().mapToLong(DropCount::count).sum();
      if (sum >= expected || System.nanoTime() > deadline) return found;
      Thread.sleep(10);
    }
  }

}
