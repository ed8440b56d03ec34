package io.jstap.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.cli.CliRun;
import io.jstap.elf.ElfFile;
import io.jstap.testing.KernelTest;
import io.jstap.testing.TraceEventProgram;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code process(P).function("NAME")} on a stripped program where NAME has no symbol but a
 * trace event (QEMU's convention): the probe lands on the static function, -v says how it was
 * found, and only exact names are looked up that way.
 */
@KernelTest
class TraceEventFunctionProbeTest {
  @TempDir static Path dir;
  static TraceEventProgram program;

  @BeforeAll
  static void build() throws Exception {
    program = TraceEventProgram.build(dir);
  }

  @Test
  void probesTheStaticFunctionOfATraceEvent() throws Exception {
    String p = program.stripped().toString();
    var run = CliRun.of("-v", "-c", p + " 4", "-e", """
        probe process("P").function("disk_done") { printf("disk_done ret=%d\\n", int_arg(2)) }
        probe process("P").function("disk_done").return { printf("returned\\n") }
        """.replace("P", p));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("""
        disk_done ret=-1
        returned
        disk_done ret=-2
        returned
        disk_done ret=-3
        returned
        disk_done ret=-4
        returned
        """);
    long real = ElfFile.open(program.unstripped()).symbol("disk_done").orElseThrow().value();
    assertThat(run.err()).containsOnlyOnce("Pass 3: " + p + ": found disk_done at 0x"
        + Long.toHexString(real) + " through its trace event (the only code reading"
        + " _TRACE_DISK_DONE_DSTATE");
  }

  @Test
  void wildcardsMatchSymbolsOnly() {
    String p = program.stripped().toString();
    var run = CliRun.of("-p2", "-e", "probe process(\"" + p + "\").function(\"disk_*\") {}");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("no function 'disk_*' in " + p);
  }

  @Test
  void anAmbiguousEventIsAnErrorAtItsProbe() {
    String p = program.stripped().toString();
    var run = CliRun.of("-p3", "-e", "probe process(\"" + p + "\").function(\"shared_event\") {}");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("<input>:1:1: error: the trace event shared_event of " + p
        + " is emitted by 2 functions");
  }
}
