package io.jstap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What needs no kernel: usage errors, help, lookup methods. */
class DropwatchCommandTest {
  @Test
  void helpListsTheModes() {
    var r = CliRun.of("dropwatch", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("--duration", "--interval", "--top", "--reason", "--protocol", "--json", "--packets",
        "jstap dropwatch -l kas");
  }

  @Test
  void lookupMethodsAsTheClassicToolListsThem() {
    var r = CliRun.of("dropwatch", "-l", "list");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("kas - use /proc/kallsyms");
    var bad = CliRun.of("dropwatch", "-l", "bfd");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown lookup method 'bfd'");
  }

  @Test
  void badTimesAreUsageErrors() {
    var r = CliRun.of("dropwatch", "--duration", "ten");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--duration takes a time such as 10s").doesNotContain("Exception");
    assertThat(CliRun.of("dropwatch", "--interval", "0s").err()).contains("at least 1ms");
    assertThat(CliRun.of("dropwatch", "--top", "-1").exitCode()).isEqualTo(2);
  }

  @Test
  void durations() {
    assertThat(DropwatchCommand.parseDuration("x", "10s").toMillis()).isEqualTo(10_000);
    assertThat(DropwatchCommand.parseDuration("x", "10").toMillis()).isEqualTo(10_000);
    assertThat(DropwatchCommand.parseDuration("x", "500ms").toMillis()).isEqualTo(500);
    assertThat(DropwatchCommand.parseDuration("x", "1.5s").toMillis()).isEqualTo(1500);
    assertThat(DropwatchCommand.parseDuration("x", "2m").toSeconds()).isEqualTo(120);
    assertThat(DropwatchCommand.parseDuration("x", "1h").toSeconds()).isEqualTo(3600);
  }
}
