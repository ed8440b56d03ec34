package io.jstap.dropwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.testing.KernelTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classic prompt, typed at through a real pseudo-terminal, while real packets are dropped. */
@KernelTest
class DropwatchShellPtyTest {
  static final String PROMPT = "dropwatch> ";
  static final String SUMMARY_LINE =
      "(\\d+) drops at __udp4_lib_rcv\\+0x[0-9a-f]+ \\(0x[0-9a-f]{16}\\) \\[software\\] reason NO_SOCKET";

  @Test
  void aSessionAtThePrompt(@TempDir Path home) throws Exception {
    try (var tty = PseudoTerminal.run(home, ChildJvm.jstap(home, "dropwatch", "-l", "kas"))) {
      tty.expect("Initializing kallsyms db", 30);
      tty.expect(PROMPT, 30);
      tty.type("help\r");
      tty.expect("set alertmode packet", 5);
      tty.expect(PROMPT, 5);

      // summary mode: alerts above the prompt, once a second, adding up to what was dropped
      tty.type("start\r");
      tty.expect("Kernel monitoring activated\\.", 10);
      int n = 25;
      int port = LoopbackDrops.closedUdpPort();
      LoopbackDrops.udpToClosedPort(port, n);
      int seen = 0;
      while (seen < n) seen += Integer.parseInt(tty.expect(SUMMARY_LINE, 5).group(1));
      assertThat(seen).isEqualTo(n);

      // Ctrl-C stops monitoring and keeps the prompt
      tty.type("\u0003");
      tty.expect("Monitoring stopped\\.", 5);
      tty.type("stats\r");
      Matcher stats = tty.expect("\\s(\\d+) NO_SOCKET", 5);
      assertThat(Long.parseLong(stats.group(1))).isGreaterThanOrEqualTo(n);
      tty.expect("lost: none", 5);

      // line editing: Tab completes a command; the up arrow brings it back from history
      tty.type("sho\t\r");
      tty.expect("Alert mode: summary", 5);
      tty.type("\u001bOA\r"); // what xterm sends for the up arrow in the keypad mode JLine sets
      tty.expect("Alert mode: summary", 5);
      tty.type("strat\r");
      tty.expect("unknown command 'strat'; type help for the list", 5);

      // packet mode with an alert limit: two packets shown, then monitoring stops by itself
      tty.type("set alertlimit 2\r");
      tty.expect("Setting alert capture limit to 2", 5);
      tty.type("set alertmode packet\r");
      tty.expect("Setting alert mode to packet", 5);
      tty.type("set reason NO_SOCKET\r");
      tty.expect("Watching reason NO_SOCKET", 5);
      tty.type("start\r");
      tty.expect("Kernel monitoring activated\\.", 10);
      LoopbackDrops.udpToClosedPort(port, 5);
      String packet = "\\d\\d:\\d\\d:\\d\\d\\.\\d{6} drop at __udp4_lib_rcv\\+0x[0-9a-f]+ \\(0x[0-9a-f]{16}\\) \\[software\\]"
          + " reason NO_SOCKET: udp 127\\.0\\.0\\.1:\\d+ > 127\\.0\\.0\\.1:" + port + " len 9 dev lo pid \\d+ \\(.+\\)";
      tty.expect(packet, 5);
      tty.expect(packet, 5);
      tty.expect("Alert limit reached, deactivating!", 5);
      tty.expect("Monitoring stopped\\.", 5);
      assertThat(Pattern.compile(packet).matcher(tty.rest()).find()).as("no third packet").isFalse();

      tty.type("exit\r");
      tty.expect("Drops while dropwatch ran: \\d+ at \\d+ sites?", 10);
      tty.expect(SUMMARY_LINE, 5);
      tty.expect("Shutting down \\.\\.\\.", 5);
      assertThat(tty.exitCode(10)).isZero();
      assertThat(tty.screen()).doesNotContain("Exception");
    }
    assertThat(Files.readString(home.resolve(".jstap_dropwatch_history"))).contains("start").contains("set alertlimit 2");
  }

  /** SIGTERM, while monitoring, leaves as exit does: the summary of what was counted. */
  @Test
  void sigtermLeavesWithTheSummary(@TempDir Path home) throws Exception {
    try (var tty = PseudoTerminal.run(home, ChildJvm.jstap(home, "dropwatch"))) {
      tty.expect(PROMPT, 30);
      tty.type("start\r");
      tty.expect("Kernel monitoring activated\\.", 10);
      LoopbackDrops.udpToClosedPort(LoopbackDrops.closedUdpPort(), 3);
      tty.expect(SUMMARY_LINE, 5);
      var jvm = tty.descendants().filter(h -> h.info().command().orElse("").endsWith("java"))
          .findFirst().orElseThrow();
      new ProcessBuilder("kill", "-TERM", Long.toString(jvm.pid())).start().waitFor();
      tty.expect("Drops while dropwatch ran: \\d+", 10);
      tty.expect("Shutting down \\.\\.\\.", 10);
      assertThat(tty.exitCode(10)).isZero();
    }
  }

  @Test
  void ctrlCAtAnIdlePromptLeaves(@TempDir Path home) throws Exception {
    try (var tty = PseudoTerminal.run(home, ChildJvm.jstap(home, "dropwatch"))) {
      tty.expect(PROMPT, 30);
      tty.type("\u0003");
      tty.expect("Shutting down \\.\\.\\.", 10);
      assertThat(tty.exitCode(10)).isZero();
    }
  }
}
