package io.jstap.dropwatch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** Real packet drops on loopback (LABS.md section 3), made by the test process itself. */
public final class LoopbackDrops {
  private LoopbackDrops() {}

  /** A UDP port on 127.0.0.1 that nobody listens on (it was free a moment ago). */
  public static int closedUdpPort() throws IOException {
    try (DatagramChannel probe = DatagramChannel.open()) {
      probe.bind(new InetSocketAddress("127.0.0.1", 0));
      return ((InetSocketAddress) probe.getLocalAddress()).getPort();
    }
  }

  /** Sends {@code n} one-byte datagrams to a closed port: each one a NO_SOCKET drop in the UDP receive path. */
  public static void udpToClosedPort(int port, int n) throws IOException {
    try (DatagramChannel out = DatagramChannel.open()) {
      var to = new InetSocketAddress("127.0.0.1", port);
      for (int i = 0; i < n; i++) out.send(ByteBuffer.wrap(new byte[] {(byte) i}), to);
    }
  }

  /**
   * Sends {@code n} 1000-byte datagrams to a socket with the smallest receive buffer that never
   * reads; returns how many were dropped for want of room (SOCKET_RCVBUFF): those it cannot read
   * back afterwards.
   */
  public static int fillReceiveBuffer(int n) throws IOException {
    try (DatagramChannel in = DatagramChannel.open(); DatagramChannel out = DatagramChannel.open()) {
      in.setOption(StandardSocketOptions.SO_RCVBUF, 1);
      in.bind(new InetSocketAddress("127.0.0.1", 0));
      var to = in.getLocalAddress();
      for (int i = 0; i < n; i++) out.send(ByteBuffer.allocate(1000), to);
      in.configureBlocking(false);
      int received = 0;
      ByteBuffer buf = ByteBuffer.allocate(2048);
      while (in.receive(buf.clear()) != null) received++;
      return n - received;
    }
  }
}
