package io.jstap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void versionPrintsTheName() {
    var run = CliRun.of("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("jstap ");
  }

  @Test
  void unknownOptionIsAUsageError() {
    var run = CliRun.of("--no-such-option");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--no-such-option");
  }
}
