package io.jstap.dropwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.cli.CliRun;
import io.jstap.testing.KernelTest;
import org.junit.jupiter.api.Test;

/** examples/dropwatch.stp gives the counts `jstap dropwatch` gives: real drops, exact counts. */
@KernelTest
class DropwatchScriptTest {
  @Test
  void datagramsToAClosedPortAreCountedWithTheirReason() {
    var run = CliRun.of("examples/dropwatch.stp", "-c",
        "bash -c 'for i in 1 2 3 4 5 6 7; do echo x > /dev/udp/127.0.0.1/9; done'");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Monitoring for dropped packets\n")
        .containsPattern("(?m)^7 drops at __udp4_lib_rcv\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[kernel\\]"
            + " \\(0x[0-9a-f]+\\) reason NO_SOCKET$");
  }
}
