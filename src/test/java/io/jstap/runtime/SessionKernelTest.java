package io.jstap.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.cli.CliRun;
import io.jstap.testing.KernelTest;
import org.junit.jupiter.api.Test;

/** Whole sessions through the command line, in-process, on the real kernel. */
@KernelTest
class SessionKernelTest {
  @Test
  void verifierRejectionsPointAtTheScriptLine() {
    var run = CliRun.of("-D", "MAXACTION=1000000", "-e",
        "probe kernel.trace(\"sched:sched_switch\") {\n"
            + "  for (i = 0; i < 1000000; i++) { s = s . \"x\" }\n}");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("<input>:2:3: error: the kernel refused the BPF program for"
        + " kernel.trace(\"sched:sched_switch\"): the handler has too many paths");
  }

  @Test
  void exitInAKernelProbeEndsTheSessionAfterTheEndProbes() {
    var run = CliRun.of("-e", "global n; probe kernel.trace(\"sched:sched_switch\") { n++; exit() }"
        + " probe end { println(\"end\", n > 0) }");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("end1\n");
  }

  @Test
  void writtenButUnreadGlobalsArePrintedAtTheEnd() {
    var run = CliRun.of("-T", "0.2", "-e", "global switches, who[10]; probe kernel.trace(\"sched:sched_switch\") {"
        + " switches++; who[\"cpu\"] = 1 }");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).containsPattern("switches=0x[0-9a-f]+\n").contains("who[\"cpu\"]=0x1\n");
  }

  @Test
  void kprobesNameTheMissingFeature() {
    var run = CliRun.of("-e", "probe kernel.function(\"vfs_read\") { }");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("kprobes not supported by this kernel (CONFIG_KPROBES is off);"
        + " use a tracepoint such as syscalls:sys_enter_openat");
  }
}
