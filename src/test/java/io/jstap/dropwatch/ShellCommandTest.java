package io.jstap.dropwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.dropwatch.ShellCommand.*;
import org.junit.jupiter.api.Test;

class ShellCommandTest {
  @Test
  void classicCommands() {
    assertThat(ShellCommand.parse("start")).isEqualTo(new Start());
    assertThat(ShellCommand.parse("  stop ")).isEqualTo(new Stop());
    assertThat(ShellCommand.parse("exit")).isEqualTo(new Exit());
    assertThat(ShellCommand.parse("quit")).isEqualTo(new Exit());
    assertThat(ShellCommand.parse("help")).isEqualTo(new Help());
    assertThat(ShellCommand.parse("show")).isEqualTo(new Show());
    assertThat(ShellCommand.parse("stats")).isEqualTo(new Stats());
    assertThat(ShellCommand.parse("")).isEqualTo(new Nothing());
    assertThat(ShellCommand.parse("   ")).isEqualTo(new Nothing());
    assertThat(ShellCommand.parse("START")).isEqualTo(new Start());
  }

  @Test
  void settings() {
    assertThat(ShellCommand.parse("set alertlimit 10")).isEqualTo(new SetAlertLimit(10));
    assertThat(ShellCommand.parse("set alertlimit 0")).isEqualTo(new SetAlertLimit(0));
    assertThat(ShellCommand.parse("set alertmode packet")).isEqualTo(new SetAlertMode(true));
    assertThat(ShellCommand.parse("set alertmode SUMMARY")).isEqualTo(new SetAlertMode(false));
    assertThat(ShellCommand.parse("set rate 50")).isEqualTo(new SetRate(50));
    assertThat(ShellCommand.parse("set reason NO_SOCKET,netfilter_drop")).isEqualTo(new SetReason("NO_SOCKET,netfilter_drop"));
    assertThat(ShellCommand.parse("set reason all")).isEqualTo(new SetReason(""));
    assertThat(ShellCommand.parse("set protocol udp")).isEqualTo(new SetProtocol("udp"));
  }

  @Test
  void mistakesSayWhatIsExpected() {
    assertThat(message("strat")).contains("unknown command 'strat'").contains("help");
    assertThat(message("set alertlimit ten")).contains("number of alerts");
    assertThat(message("set alertlimit -1")).contains("number of alerts");
    assertThat(message("set alertmode verbose")).contains("summary or packet");
    assertThat(message("set alertmode")).contains("set alertmode packet");
    assertThat(message("set")).contains("alertlimit, alertmode");
    assertThat(message("set colour red")).contains("cannot set 'colour'");
    assertThat(message("start now")).contains("start takes no arguments");
  }

  private static String message(String line) {
    return ((Invalid) ShellCommand.parse(line)).message();
  }
}
