package io.jstap.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.testing.KernelTest;
import org.junit.jupiter.api.Test;

@KernelTest
class KernelCodegenTest {
  private static KernelScripts.Running run(String script) {
    var c = KernelScripts.compile(script);
    assertThat(c.diagnostics().render()).isEmpty();
    return new KernelScripts.Running(c.script());
  }

  @Test
  void printfPerEventFromASyscallTracepoint() {
    try (var r = run("""
        global n
        probe kernel.trace("syscalls:sys_enter_getppid") {
          if (pid() != target()) next
          n++
          printf("%s %d %d\\n", execname(), n, $__syscall_nr)
        }
        """)) {
      KernelScripts.getppid(3);
      String out = r.output();
      assertThat(out.lines()).hasSize(3);
      assertThat(out.lines().toList().get(2)).endsWith(" 3 110");
    }
  }

  @Test
  void arraysStringsAndConcatenation() {
    try (var r = run("""
        global counts
        probe kernel.trace("syscalls:sys_enter_getppid") {
          if (pid() != target()) next
          counts["x" . "y"] += 2
          s = sprintf("%d-%s", counts["xy"], "z")
          println(s . "!")
        }
        """)) {
      KernelScripts.getppid(2);
      assertThat(r.output()).isEqualTo("2-z!\n4-z!\n");
    }
  }

  @Test
  void rawTracepointArgumentsWithMembers() {
    try (var r = run("""
        probe kernel.trace("sys_enter") {
          if (pid() != target() || $id != 110) next
          printf("%d %d\\n", $id, $regs->orig_ax)
        }
        """)) {
      KernelScripts.getppid(1);
      assertThat(r.output()).isEqualTo("110 110\n");
    }
  }

  @Test
  void errorsGoToStderr() {
    try (var r = run("""
        probe kernel.trace("syscalls:sys_enter_getppid") {
          if (pid() != target()) next
          x = 0
          println(10 / x)
        }
        """)) {
      KernelScripts.getppid(1);
      assertThat(r.errors()).startsWith("ERROR: division by 0 near operator '/' at t.stp:4:14");
    }
  }

  @Test
  void tryCatchesErrorsRaisedInBpf() {
    try (var r = run("""
        probe kernel.trace("syscalls:sys_enter_getppid") {
          if (pid() != target()) next
          try { error("oops") } catch (m) { printf("caught %s\\n", m) }
          x = 0
          try { println(10 / x) } catch (m) { printf("caught %s\\n", m) }
          try { error("quiet") } catch { println("caught") }
        }
        """)) {
      KernelScripts.getppid(1);
      assertThat(r.output()).isEqualTo("caught oops\ncaught division by 0\ncaught\n");
      assertThat(r.errors()).isEmpty();
    }
  }

  @Test
  void noHandlerRunsAfterExit() {
    try (var r = run("""
        global n
        probe kernel.trace("syscalls:sys_enter_getppid") {
          if (pid() != target()) next
          n++
          println(n)
          if (n == 2) exit()
        }
        """)) {
      KernelScripts.getppid(5);
      assertThat(r.output()).isEqualTo("1\n2\n");
    }
  }

  @Test
  void noHandlerRunsAfterMoreThanMaxerrorsErrors() {
    try (var r = run("""
        probe kernel.trace("syscalls:sys_enter_getppid") {
          if (pid() != target()) next
          error("failed")
        }
        """)) {
      KernelScripts.getppid(3);
      assertThat(r.errors()).isEqualTo("ERROR: failed\n"); // MAXERRORS is 0
    }
  }

  @Test
  void aProgramKeepsOnlyTheLocalsItsOwnBlocksName() {
    // syscall.* puts every alias's argument locals in one declaration: the getppid program
    // should be the same whether or not openat's aliases share its handler.
    var alone = KernelScripts.compile("global n; probe syscall.getppid { n++ }");
    var shared = KernelScripts.compile("global n; probe syscall.openat, syscall.getppid { n++ }");
    assertThat(alone.diagnostics().render()).isEmpty();
    assertThat(shared.diagnostics().render()).isEmpty();
    var getppid = shared.script().programs().stream()
        .filter(p -> p.probe().point().contains("getppid")).findFirst().orElseThrow();
    assertThat(getppid.spec().code().instructions())
        .isEqualTo(alone.script().programs().getFirst().spec().code().instructions());
  }

  @Test
  void statisticsAreUpdatedPerCpu() {
    try (var r = run("""
        global s
        probe kernel.trace("syscalls:sys_enter_getppid") {
          if (pid() != target()) next
          s <<< 5
          s <<< 7
        }
        """)) {
      KernelScripts.getppid(2);
      var map = r.side.objects().maps().values().stream()
          .filter(m -> m.name().endsWith("_s")).findFirst().orElseThrow();
      assertThat(map.readLong(0)).isEqualTo(4); // count summed over CPUs
    }
  }

  @Test
  void errnoNamesAndSyscallAliases() {
    try (var r = run("""
        probe syscall.getppid.return {
          if (pid() != target()) next
          printf("%s %s %s %s\\n", name, retstr, errno_str(-5), strerror(5))
        }
        """)) {
      KernelScripts.getppid(1);
      assertThat(r.output()).matches("getppid \\d+ EIO Input/output error\n");
    }
  }
}
