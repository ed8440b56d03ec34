package io.jstap.dropwatch;

import io.jstap.testing.CProgram;
import io.jstap.testing.DebianPackage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two network namespaces the test makes, joined by a veth pair (10.201.N.1 in "a", 10.201.N.2
 * in "b"), with an nftables table in "b" that drops UDP to one port and counts what it drops.
 * Traffic stays between them. Closing deletes both namespaces, which takes the veth pair and the
 * rules with them.
 */
final class NetnsLab implements AutoCloseable {
  static final int DROPPED_PORT = 9999;

  final String a;
  final String b;
  final String addressB;
  final String deviceB;
  private final Path sender;

  private NetnsLab(String a, String b, String addressB, String deviceB, Path sender) {
    this.a = a;
    this.b = b;
    this.addressB = addressB;
    this.deviceB = deviceB;
    this.sender = sender;
  }

  /** Builds the lab; {@code work} receives the compiled UDP sender. */
  static NetnsLab create(Path work) throws IOException, InterruptedException {
    DebianPackage.require("iproute2", "/usr/sbin/ip");
    DebianPackage.require("nftables", "/usr/sbin/nft");
    long pid = ProcessHandle.current().pid();
    String a = "jstapdw" + pid + "a", b = "jstapdw" + pid + "b";
    String va = "jdw" + pid + "a", vb = "jdw" + pid + "b";
    int net = (int) (pid % 250) + 1;
    String ipA = "10.201." + net + ".1", ipB = "10.201." + net + ".2";
    Path sender = CProgram.compile(work, "udpsend", SENDER, "-O2");
    var lab = new NetnsLab(a, b, ipB, vb, sender);
    try {
      ip("netns", "add", a);
      ip("netns", "add", b);
      ip("link", "add", va, "netns", a, "type", "veth", "peer", "name", vb, "netns", b);
      ip("-n", a, "addr", "add", ipA + "/24", "dev", va);
      ip("-n", b, "addr", "add", ipB + "/24", "dev", vb);
      ip("-n", a, "link", "set", va, "up");
      ip("-n", b, "link", "set", vb, "up");
      ip("-n", a, "link", "set", "lo", "up");
      ip("-n", b, "link", "set", "lo", "up");
      CProgram.run("ip", "netns", "exec", b, "nft",
          "add table inet jstap_dw; add chain inet jstap_dw input { type filter hook input priority 0; };"
              + " add rule inet jstap_dw input udp dport " + DROPPED_PORT + " counter drop");
      // resolve the neighbour now, so that no datagram waits in (or overflows) the ARP queue later
      lab.send(DROPPED_PORT, 1);
    } catch (IOException | InterruptedException | RuntimeException e) {
      lab.close();
      throw e;
    }
    return lab;
  }

  /** Sends {@code n} UDP datagrams from "a" to "b" at {@code port}, one after another. */
  void send(int port, int n) throws IOException, InterruptedException {
    CProgram.run("ip", "netns", "exec", a, sender.toString(), addressB, Integer.toString(port), Integer.toString(n));
  }

  private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+)");

  /** How many datagrams the nftables rule has dropped, by its own counter. */
  long ruleDrops() throws IOException, InterruptedException {
    String rules = CProgram.run("ip", "netns", "exec", b, "nft", "list", "table", "inet", "jstap_dw");
    Matcher m = COUNTER.matcher(rules);
    if (!m.find()) throw new IllegalStateException("no counter in:\n" + rules);
    return Long.parseLong(m.group(1));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    for (String ns : List.of(a, b)) {
      try {
        ip("netns", "delete", ns);
      } catch (IOException e) {
        // not created
      }
    }
  }

  private static void ip(String... args) throws IOException, InterruptedException {
    var cmd = new java.util.ArrayList<String>();
    cmd.add("ip");
    cmd.addAll(List.of(args));
    CProgram.run(cmd);
  }

  private static final String SENDER = """
      #include <arpa/inet.h>
      #include <stdio.h>
      #include <stdlib.h>
      #include <sys/socket.h>
      #include <unistd.h>
      int main(int argc, char **argv) {
        if (argc != 4) { fprintf(stderr, "usage: udpsend ADDRESS PORT COUNT\\n"); return 2; }
        struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
        if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) { fprintf(stderr, "bad address\\n"); return 2; }
        int s = socket(AF_INET, SOCK_DGRAM, 0);
        if (s < 0) { perror("socket"); return 1; }
        long n = atol(argv[3]);
        for (long i = 0; i < n; i++) {
          if (sendto(s, "drop", 4, 0, (struct sockaddr *) &to, sizeof to) != 4) { perror("sendto"); return 1; }
        }
        return 0;
      }
      """;
}
