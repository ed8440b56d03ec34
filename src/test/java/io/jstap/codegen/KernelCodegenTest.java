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

  /** ctime() and tz_ctime() as printf operands: the seconds travel, user space writes them. */
  @Test
  void calendarTimesArePrintedByUserSpace() {
    try (var r = run("""
        probe kernel.trace("syscalls:sys_enter_getppid") {
          if (pid() != target()) next
          printf("%s|%s|%d|%s\\n", ctime(1700000000), tz_ctime(1700000000), tz_gmtoff(),
              tz_name())
        }
        """)) {
      KernelScripts.getppid(1);
      var zone = io.jstap.format.CalendarTime.Zone.local();
      assertThat(r.output()).isEqualTo("Tue Nov 14 22:13:20 2023|" + zone.ctime(1700000000)
          + "|" + zone.secondsWest() + "|" + zone.name() + "\n");
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
  void statisticsAreReadInKernelProbesMergedOverCpus() {
    try (var r = run("""
        global s, a
        probe kernel.trace("syscalls:sys_enter_getppid") {
          if (pid() != target()) next
          s <<< 3; s <<< 9; a["k"] <<< -4
          printf("%d %d %d %d %d %d\\n", @count(s), @sum(s), @min(s), @max(s), @avg(s), @min(a["k"]))
        }
        """)) {
      KernelScripts.getppid(2);
      assertThat(r.output()).isEqualTo("2 12 3 9 6 -4\n4 24 3 9 6 -4\n");
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
    // The locals of a declaration are shared by all its probes: the getppid program should
    // be the same whether or not openat's alias, with its argument locals, shares its handler.
    var alone = KernelScripts.compile("global n; probe syscall.getppid { n++ }");
    var shared = KernelScripts.compile("global n; probe syscall.openat, syscall.getppid { n++ }");
    assertThat(alone.diagnostics().render()).isEmpty();
    assertThat(shared.diagnostics().render()).isEmpty();
    var getppid = shared.script().programs().stream()
        .filter(p -> p.probe().point().contains("getppid")).findFirst().orElseThrow();
    // (record ids may differ: the openat program registers its records first)
    assertThat(getppid.spec().code().instructions())
        .hasSameSizeAs(alone.script().programs().getFirst().spec().code().instructions());
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

  @Test
  void syscallArgumentsComeFromTheSavedRegisters() throws Exception {
    var file = java.nio.file.Files.createTempFile("jstap-open", ".txt");
    try (var r = run("""
        probe syscall.openat {
          if (pid() != target() || filename !~ "jstap-open") next
          printf("%s %d\\n", name, $dfd)
        }
        probe syscall.openat.return {
          if (pid() != target()) next
          if (retval < 0) printf("fail %s\\n", retstr)
        }
        """)) {
      java.nio.file.Files.readAllBytes(file);
      try {
        java.nio.file.Files.readAllBytes(file.resolveSibling("no-such-jstap-open-file"));
      } catch (java.nio.file.NoSuchFileException expected) {
        // the failing openat is what the second probe reports
      }
      assertThat(r.output()).contains("openat -100\n").contains("fail -2 (ENOENT)\n");
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  @Test
  void symbolsAreLookedUpWhenTheRecordIsPrinted() throws Exception {
    var kallsyms = io.jstap.kernel.Kallsyms.load();
    long address = kallsyms.address("vfs_read").orElseThrow();
    var c = KernelScripts.compile("""
        probe kernel.trace("syscalls:sys_enter_getppid") {
          if (pid() != target()) next
          printf("%s %s\\n", symname(ADDRESS), symdata(ADDRESS + 4))
        }
        """.replace("ADDRESS", Long.toUnsignedString(address)));
    assertThat(c.diagnostics().render()).isEmpty();
    try (var r = new KernelScripts.Running(c.script(), new io.jstap.runtime.MachineSymbols(() -> kallsyms))) {
      KernelScripts.getppid(1);
      assertThat(r.output()).matches("vfs_read vfs_read\\+0x4/0x[0-9a-f]+ \\[kernel\\]\n");
    }
  }

  @Test
  void kernelStacksAreSymbolizedInUserSpace() throws Exception {
    var kallsyms = io.jstap.kernel.Kallsyms.load();
    var c = KernelScripts.compile("""
        probe kernel.trace("syscalls:sys_enter_getppid") {
          if (pid() != target()) next
          print_backtrace()
        }
        """);
    try (var r = new KernelScripts.Running(c.script(), new io.jstap.runtime.MachineSymbols(() -> kallsyms))) {
      KernelScripts.getppid(1);
      String out = r.output();
      assertThat(out).contains(" : do_syscall_64+0x").doesNotContain("bpf_prog_");
      assertThat(out.lines()).allMatch(l -> l.matches(" 0x[0-9a-f]{16} : \\S+ \\[kernel\\]"));
    }
  }

  @Test
  void processBeginAndEndOfOneProgram() throws Exception {
    var c = KernelScripts.compile("""
        probe process("true").begin { printf("begin %s\\n", execname()) }
        probe process("true").end { printf("end %s\\n", execname()) }
        """);
    assertThat(c.diagnostics().render()).isEmpty();
    try (var r = new KernelScripts.Running(c.script())) {
      new ProcessBuilder("/bin/sh", "-c", "/bin/true; /bin/true; /bin/ls >/dev/null").start().waitFor();
      assertThat(r.output()).isEqualTo("begin true\nend true\nbegin true\nend true\n");
    }
  }

  @Test
  void parmsListTheContextVariables() {
    try (var r = run("""
        probe kernel.trace("syscalls:sys_enter_getppid") {
          if (pid() != target()) next
          println($$parms)
        }
        probe kernel.trace("sys_enter") {
          if (pid() != target() || $id != 110) next
          printf("%s %s\\n", $$parms, $id$)
        }
        """)) {
      KernelScripts.getppid(1);
      assertThat(r.output()).contains("__syscall_nr=0x6e\n").containsPattern("regs=0xffff[0-9a-f]+ id=0x6e 110\n");
    }
  }

  @Test
  void castsAndTheCurrentTaskThroughBtf() {
    try (var r = run("""
        probe kernel.trace("syscalls:sys_enter_getppid") {
          if (pid() != target()) next
          printf("%d %d %d\\n", @cast(task_current(), "task_struct")->tgid == pid(),
                 ppid() == @cast(task_current(), "struct task_struct")->real_parent->tgid, euid())
        }
        """)) {
      KernelScripts.getppid(1);
      assertThat(r.output()).isEqualTo("1 1 0\n");
    }
  }
}
