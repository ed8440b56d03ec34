package io.jstap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.dropwatch.ChildJvm;
import io.jstap.dropwatch.LoopbackDrops;
import io.jstap.testing.KernelTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jstap dropwatch's one-shot mode on the real kernel, in-process and as a child process. */
@KernelTest
class DropwatchCommandKernelTest {
  @Test
  void oneShotTextReportsIntervalsAndASummary() throws Exception {
    try (var run = Running.start("dropwatch", "--duration", "2.5s", "--interval", "1s", "--reason", "NO_SOCKET,SOCKET_RCVBUFF")) {
      run.awaitOut("Watching reason NO_SOCKET or SOCKET_RCVBUFF for 2.5 s...");
      udpToClosedPort(37);
      assertThat(run.exit()).isZero();
      String out = run.out();
      assertThat(out).containsPattern("\\d\\d:\\d\\d:\\d\\d  37 drops in 1\\.0 s");
      assertThat(out).containsPattern("(?m)^37 drops at __udp4_lib_rcv\\+0x[0-9a-f]+ \\(0xffffffff[0-9a-f]{8}\\) \\[software\\] reason NO_SOCKET$");
      assertThat(out).contains("Summary: 37 drops at 1 site in 2.5 s (reason NO_SOCKET or SOCKET_RCVBUFF)");
      assertThat(out).contains("lost: none");
    }
  }

  @Test
  void oneShotJsonIsOneObjectPerLine() throws Exception {
    try (var run = Running.start("dropwatch", "--duration", "1.5s", "--reason", "no_socket", "--protocol", "udp", "--json", "--top", "5")) {
      run.awaitOut("\"type\":\"start\"");
      udpToClosedPort(12);
      assertThat(run.exit()).isZero();
      List<String> lines = run.out().lines().toList();
      assertThat(lines).allMatch(l -> l.startsWith("{") && l.endsWith("}"));
      assertThat(lines.getFirst()).contains("\"watching\":\"reason NO_SOCKET, protocol udp\"", "\"packets\":false");
      String summary = lines.getLast();
      assertThat(summary).startsWith("{\"type\":\"summary\"").contains("\"total\":12", "\"sites\":1");
      assertThat(summary).containsPattern("\"drops\":\\[\\{\"count\":12,\"location\":\"__udp4_lib_rcv\\+0x[0-9a-f]+\",\"address\":\"0x[0-9a-f]{16}\",\"reason\":\"NO_SOCKET\",\"reason_code\":\\d+\\}\\]");
      assertThat(summary).contains("\"lost\":{\"not_counted\":0,\"missed\":0,\"rate_limited\":0,\"ring_full\":0,");
    }
  }

  @Test
  void packetModePrintsEachPacket() throws Exception {
    try (var run = Running.start("dropwatch", "--duration", "1.5s", "--packets", "--reason", "NO_SOCKET", "--protocol", "udp");
        DatagramChannel out = DatagramChannel.open()) {
      run.awaitOut("each packet...");
      out.bind(new InetSocketAddress("127.0.0.1", 0));
      int from = ((InetSocketAddress) out.getLocalAddress()).getPort();
      int to = closedPort();
      for (int i = 0; i < 3; i++) out.send(ByteBuffer.wrap(new byte[5]), new InetSocketAddress("127.0.0.1", to));
      assertThat(run.exit()).isZero();
      Pattern line = Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{6} drop at __udp4_lib_rcv\\+0x[0-9a-f]+ \\(0x[0-9a-f]{16}\\) \\[software\\]"
          + " reason NO_SOCKET: udp 127\\.0\\.0\\.1:" + from + " > 127\\.0\\.0\\.1:" + to + " len 13 dev lo pid \\d+ \\(.+\\)$");
      Matcher m = line.matcher(run.out());
      int n = 0;
      while (m.find()) n++;
      assertThat(n).as(run.out()).isEqualTo(3);
    }
  }

  @Test
  void unknownReasonsAreUsageErrorsWithSuggestions() {
    var r = CliRun.of("dropwatch", "--duration", "1s", "--reason", "NO_SOKET");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown drop reason 'NO_SOKET'; did you mean NO_SOCKET?");
    var p = CliRun.of("dropwatch", "--duration", "1s", "--protocol", "quic");
    assertThat(p.exitCode()).isEqualTo(2);
    assertThat(p.err()).contains("unknown protocol 'quic'");
  }

  @Test
  void listReasonsPrintsTheRunningKernelsNumbering() {
    var r = CliRun.of("dropwatch", "--list-reasons");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).containsPattern("(?m)^\\d+ NO_SOCKET$").containsPattern("(?m)^\\d+ NETFILTER_DROP$");
  }

  @Test
  void ctrlCStopsARunDetachesAndPrintsTheSummary(@TempDir Path home) throws Exception {
    Process p = new ProcessBuilder(ChildJvm.jstap(home, "dropwatch", "--duration", "60s", "--reason", "NO_SOCKET"))
        .redirectErrorStream(true).start();
    try {
      var out = new StringBuffer();
      Thread reader = Thread.ofVirtual().start(() -> {
        try {
          p.getInputStream().transferTo(new java.io.OutputStream() {
            @Override public void write(int b) { out.append((char) b); }
            @Override public void write(byte[] b, int off, int len) { out.append(new String(b, off, len, StandardCharsets.UTF_8)); }
          });
        } catch (IOException ignored) {
          // the process ended
        }
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!out.toString().contains("Watching") && System.nanoTime() < deadline) Thread.sleep(20);
      assertThat(out.toString()).contains("Watching reason NO_SOCKET for 60.0 s...");
      udpToClosedPort(5);
      long sent = System.nanoTime();
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("exits on SIGINT").isTrue();
      reader.join();
      assertThat(p.exitValue()).isZero();
      assertThat(System.nanoTime() - sent).as("promptly").isLessThan(TimeUnit.SECONDS.toNanos(5));
      assertThat(out.toString()).contains("Summary: 5 drops at 1 site").contains("lost: none").doesNotContain("Exception");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void withoutPrivilegesTheUserIsToldWhatToDo(@TempDir Path home) throws Exception {
    // root's uid, but no capability at all: what an ordinary user has
    var cmd = new java.util.ArrayList<>(List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all", "--ambient-caps=-all", "--"));
    cmd.addAll(ChildJvm.jstap(home, "dropwatch", "--duration", "1s"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(1);
    assertThat(out).contains("jstap dropwatch: watching packet drops needs root (or the capabilities CAP_BPF and CAP_PERFMON)")
        .contains("sudo").doesNotContain("Exception").doesNotContain("\tat ");
  }

  static int closedPort() throws IOException {
    return LoopbackDrops.closedUdpPort();
  }

  static void udpToClosedPort(int n) throws IOException {
    LoopbackDrops.udpToClosedPort(LoopbackDrops.closedUdpPort(), n);
  }

  /** jstap's command line running in-process on a thread, its output readable as it comes. */
  static final class Running implements AutoCloseable {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Thread thread;
    private volatile int exit = -1;

    private Running(String... args) {
      var console = Main.Console.of(new PrintWriter(out, true), new PrintWriter(err, true),
          new java.io.ByteArrayInputStream(new byte[0]));
      thread = Thread.ofPlatform().name("jstap-under-test").start(() -> exit = Main.run(args, console));
    }

    static Running start(String... args) {
      return new Running(args);
    }

    void awaitOut(String text) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!out.toString().contains(text)) {
        if (!thread.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("no '" + text + "' in:\n" + out + err);
        }
        Thread.sleep(10);
      }
    }

    int exit() throws InterruptedException {
      thread.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(thread.isAlive()).as("still running").isFalse();
      assertThat(err.toString()).isEmpty();
      return exit;
    }

    String out() {
      return out.toString();
    }

    @Override
    public void close() throws InterruptedException {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
  }
}
