package io.jstap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.testing.CProgram;
import io.jstap.testing.DebianPackage;
import io.jstap.testing.KernelTest;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options that need the kernel: -l, -L, -u, --format json over BPF records, -c. */
@KernelTest
class OptionsKernelTest {
  @TempDir Path dir;

  @Test
  void listTracepointsWithAndWithoutVariables() throws Exception {
    var l = CliRun.of("-l", "kernel.trace(\"sched:sched_sw*\")");
    assertThat(l.exitCode()).as(l.err()).isZero();
    assertThat(l.out().lines()).contains("kernel.trace(\"sched:sched_switch\")")
        .allMatch(s -> s.startsWith("kernel.trace(\"sched:sched_sw"));
    var big = CliRun.of("-L", "kernel.trace(\"sched:sched_switch\")");
    assertThat(big.out()).startsWith("kernel.trace(\"sched:sched_switch\") $preempt:bool $prev:struct task_struct *");
    var process = JstapProcess.run(dir, "-l", "kernel.trace(\"skb:kfree_skb\")");
    assertThat(process.out()).isEqualTo("kernel.trace(\"skb:kfree_skb\")\n");
  }

  /** system(cmd) from a user-space probe and from a kernel probe: user space runs both. */
  @Test
  void systemRunsCommandsAfterTheProbe() throws Exception {
    Path begin = dir.resolve("begin.txt");
    Path kernel = dir.resolve("kernel.txt");
    var run = CliRun.of("-c", "sh -c true", "-e", "probe begin { system(\"echo started > " + begin
        + "\") } probe kernel.trace(\"syscalls:sys_enter_getppid\") { if (pid() == target())"
        + " { system(sprintf(\"echo %s >> " + kernel + "\", execname())); exit() } }");
    assertThat(run.exitCode()).as(run.err()).isZero();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while ((!written(kernel) || !written(begin)) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(begin).hasContent("started");
    assertThat(kernel).hasContent("sh");
  }

  private static boolean written(Path file) throws java.io.IOException {
    return java.nio.file.Files.exists(file) && java.nio.file.Files.readString(file).endsWith("\n");
  }

  /** print_stack(backtrace()), SystemTap's older name for print_syms(backtrace()). */
  @Test
  void printStackOfBacktraceNamesEveryFrame() {
    // the shell asks for its parent's pid (for $PPID) as it starts
    var run = CliRun.of("-c", "sh -c true", "-e", "probe kernel.trace(\"syscalls:sys_enter_getppid\")"
        + " { if (pid() == target()) { print_stack(backtrace()); exit() } }");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().toList()).isNotEmpty().allMatch(l -> l.matches(
        " 0x[0-9a-f]{16} : [A-Za-z_][A-Za-z0-9_.]*\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[kernel\\]"));
  }

  @Test
  void listTapsetAliasesByNameAsStapDoes() {
    var l = CliRun.of("-l", "scheduler.process_*");
    assertThat(l.exitCode()).as(l.err()).isZero();
    assertThat(l.out().lines().toList()).contains("scheduler.process_fork",
        "scheduler.process_exit").allMatch(s -> s.startsWith("scheduler.process_"));
    var big = CliRun.of("-L", "scheduler.process_fork");
    assertThat(big.out()).isEqualTo("scheduler.process_fork $parent:struct task_struct *"
        + " $child:struct task_struct * name:string parent_pid:long child_pid:long\n");
  }

  @Test
  void listSyscallsByAliasAsStapDoes() {
    var l = CliRun.of("-l", "syscall.openat*");
    assertThat(l.out()).isEqualTo("syscall.openat\nsyscall.openat2\n");
    var r = CliRun.of("-l", "syscall.close.return");
    assertThat(r.out()).isEqualTo("syscall.close.return\n");
    var big = CliRun.of("-L", "syscall.openat");
    assertThat(big.out()).isEqualTo("syscall.openat name:string argstr:string dfd:long"
        + " filename:string filename_uaddr:long filename_unquoted:string flags:long mode:long"
        + " dfd_str:string flags_str:string\n");
    // read's buf is a buffer the call fills, not a string: an address, as in SystemTap
    assertThat(CliRun.of("-L", "syscall.read").out()).isEqualTo("syscall.read name:string"
        + " argstr:string fd:long buf:long buf_uaddr:long count:long\n");
    assertThat(CliRun.of("-L", "syscall.close.return").out()).startsWith("syscall.close.return name:string")
        .contains("retval:long");
  }

  @Test
  void listFunctionsAndMarksOfAProgram() throws Exception {
    DebianPackage.require("systemtap-sdt-dev", "/usr/include/x86_64-linux-gnu/sys/sdt.h");
    Path prog = CProgram.compile(dir, "marks", """
        #include <sys/sdt.h>
        int work(int x) { DTRACE_PROBE2(app, step, x, (long) x * 2); return x + 1; }
        int helper(void) { return 3; }
        int main(void) { DTRACE_PROBE(app, start); return work(helper()) == 0; }
        """);
    var functions = CliRun.of("-l", "process(\"" + prog + "\").function(\"*\")");
    assertThat(functions.exitCode()).as(functions.err()).isZero();
    assertThat(functions.out()).contains("process(\"" + prog + "\").function(\"work\")")
        .contains("function(\"helper\")").contains("function(\"main\")");
    var marks = CliRun.of("-L", "process(\"" + prog + "\").mark(\"*\")");
    assertThat(marks.out().lines()).anyMatch(s -> s.matches("process\\(\".*\"\\)\\.mark\\(\"step\"\\)"
        + " \\$arg1:int32_t \\$arg2:int64_t")).anyMatch(s -> s.endsWith(".mark(\"start\")"));
  }

  @Test
  void listingWhatDoesNotExistIsAnError() {
    var none = CliRun.of("-l", "kernel.trace(\"nosuch:thing\")");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err()).contains("nosuch:thing");
  }

  @Test
  void unoptimizedTranslationKeepsUnreadStores() throws Exception {
    String script = "probe syscall.openat { if (pid() == 0) println(\"x\") }";
    var optimized = CliRun.of("-p3", "-e", script);
    var unoptimized = CliRun.of("-p3", "-u", "-e", script);
    assertThat(optimized.exitCode()).isZero();
    assertThat(unoptimized.exitCode()).isZero();
    assertThat(instructions(unoptimized.out())).isGreaterThan(instructions(optimized.out()));
    var process = JstapProcess.run(dir, "-p3", "-u", "-e", script);
    assertThat(process.out()).isEqualTo(unoptimized.out());
  }

  private static int instructions(String listing) {
    var m = Pattern.compile("\\((\\w+), (\\d+) instructions\\)").matcher(listing);
    assertThat(m.find()).as(listing).isTrue();
    return Integer.parseInt(m.group(2));
  }

  @Test
  void dashSSizesTheRingBuffer() throws Exception {
    String script = "probe kernel.trace(\"syscalls:sys_enter_close\") { if (pid() == target()"
        + " && $fd >= 1234567) printf(\"fd %d\\n\", $fd) }";
    assertThat(ringEntries(CliRun.of("-p3", "-e", script).out())).isEqualTo(16 << 20);
    assertThat(ringEntries(CliRun.of("-p3", "-s", "3", "-e", script).out())).isEqualTo(4 << 20);
    assertThat(ringEntries(CliRun.of("-p3", "-s1", "-e", script).out())).isEqualTo(1 << 20);
    Path closer = CProgram.compile(dir, "closer", """
        #include <unistd.h>
        int main(void) { close(1234567); close(1234568); return 0; }
        """);
    var run = CliRun.of("-s", "1", "-c", closer.toString(), "-e", script);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("fd 1234567\nfd 1234568\n");
  }

  private static int ringEntries(String listing) {
    var m = Pattern.compile("(?m)^events +ringbuf .* entries +(\\d+)$").matcher(listing);
    assertThat(m.find()).as(listing).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void jsonRecordsFromBpfPrograms() throws Exception {
    Path closer = CProgram.compile(dir, "closer", """
        #include <unistd.h>
        int main(void) { close(1234567); close(1234568); return 0; }
        """);
    var run = CliRun.of("--format", "json", "-c", closer.toString(), "-e",
        "global n probe kernel.trace(\"syscalls:sys_enter_close\") { if (pid() == target() &&"
            + " $fd >= 1234567) { n = $fd; printf(\"fd %d \\\"closed\\\"\\n\", $fd) } }");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("""
        {"type":"printf","data":"fd 1234567 \\"closed\\"\\n"}
        {"type":"printf","data":"fd 1234568 \\"closed\\"\\n"}
        {"type":"global","name":"n","data":1234568}
        """);
  }
}
