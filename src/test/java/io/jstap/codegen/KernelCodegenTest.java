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
}
