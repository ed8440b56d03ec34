package io.jstap.tapset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jstap.cli.CliRun;
import io.jstap.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jstap's tapset on the running kernel: each alias's event is made to happen by a command the
 * test runs (-c), and the values of the alias's variables are checked against what the test
 * knows of that command.
 */
@KernelTest
class TapsetKernelTest {

  private static CliRun run(String script, String command) {
    var run = CliRun.of("-e", script, "-c", command);
    assertThat(run.err()).as("stderr").isEmpty();
    assertThat(run.exitCode()).isZero();
    return run;
  }

  private static List<String> lines(CliRun run, String prefix) {
    return run.out().lines().filter(l -> l.startsWith(prefix + " ")).toList();
  }

  private static Matcher match(String regex, String line) {
    Matcher m = Pattern.compile(regex).matcher(line);
    assertThat(m.matches()).as(line + " matches " + regex).isTrue();
    return m;
  }

  @Test
  void kprocessFollowsChildrenFromForkToRelease() {
    var run = run("""
        probe kprocess.create { if (pid() == target())
          printf("create %d %d %d\\n", new_pid, new_tid, task_pid(task)) }
        probe kprocess.start { if (ppid() == target()) printf("start %d\\n", pid()) }
        probe kprocess.exec { if (ppid() == target())
          printf("exec %d %s %s %s %s\\n", pid(), name, filename, args, argstr) }
        probe kprocess.exec_complete { if (ppid() == target())
          printf("complete %d %s %d %d %s\\n", pid(), name, errno, success, retstr) }
        probe kprocess.exit { if (ppid() == target()) printf("exit %d 0x%x\\n", pid(), code) }
        probe kprocess.release { printf("release %d %d %d\\n", released_pid, released_tid, pid) }
        """, "/bin/sh -c '/bin/true one two; /no/such/program x; /bin/sleep 0.3; exit 0'");
    var children = new ArrayList<String>();
    for (String l : lines(run, "create")) {
      var m = match("create (\\d+) (\\d+) (\\d+)", l);
      assertThat(m.group(2)).isEqualTo(m.group(1));
      assertThat(m.group(3)).isEqualTo(m.group(1));
      children.add(m.group(1));
    }
    assertThat(children).hasSize(3);
    String truePid = children.get(0);
    String missingPid = children.get(1);
    assertThat(lines(run, "start")).containsExactlyElementsOf(
        children.stream().map(p -> "start " + p).toList());
    assertThat(lines(run, "exec")).contains(
        "exec " + truePid + " execve \"/bin/true\" [\"/bin/true\", \"one\", \"two\"]"
            + " \"/bin/true\" [\"one\", \"two\"]",
        "exec " + missingPid + " execve \"/no/such/program\" [\"/no/such/program\", \"x\"]"
            + " \"/no/such/program\" [\"x\"]");
    assertThat(lines(run, "complete")).contains("complete " + truePid + " execve 0 1 0",
        "complete " + missingPid + " execve -2 0 -2 (ENOENT)");
    // exit(0) of true; sh's child exits with 127 when the program is missing
    assertThat(lines(run, "exit")).contains("exit " + truePid + " 0x0",
        "exit " + missingPid + " 0x7f00");
    assertThat(lines(run, "release")).contains("release " + truePid + " " + truePid + " " + truePid,
        "release " + missingPid + " " + missingPid + " " + missingPid);
  }

  @Test
  void schedulerAliasesSeeAForkedChild() {
    var run = run("""
        global switched_in, switched_out, off
        probe scheduler.process_fork { if (parent_pid == target())
          printf("fork %s %d %d\\n", name, parent_pid, child_pid) }
        probe scheduler.wakeup_new { if (pid() == target())
          printf("wakeup_new %d %d %d %d %d\\n", task_pid, task_tid, task_priority, task_state,
                 task_pid(task)) }
        probe scheduler.process_exit { if (ppid() == target()) printf("exit %d %d\\n", pid, priority) }
        probe scheduler.process_free { if (priority == 120 && pid != target()) printf("free %d\\n", pid) }
        probe scheduler.process_wait { if (pid() == target()) printf("wait %d\\n", pid) }
        probe scheduler.ctxswitch {
          if (next_pid == target() && next_tid == next_pid && next_task_name == "sh") switched_in++
          if (prev_pid == target() && prev_task_name == "sh" && prev_task == task_current())
            switched_out++
        }
        probe scheduler.cpu_off { if (pid() == target() && task_prev == task_current() && !idle) off++ }
        probe end { printf("switches %d %d %d\\n", switched_in > 0, switched_out > 0, off > 0) }
        """, "/bin/sh -c '/bin/true; /bin/sleep 0.2; exit 0'");
    var forks = lines(run, "fork");
    assertThat(forks).hasSize(2);
    String child = match("fork process_fork \\d+ (\\d+)", forks.get(0)).group(1);
    // a new task at nice 0 has prio 120 (DEFAULT_PRIO), and is TASK_RUNNING once woken
    assertThat(lines(run, "wakeup_new")).contains(
        "wakeup_new " + child + " " + child + " 120 0 " + child);
    assertThat(lines(run, "exit")).contains("exit " + child + " 120");
    assertThat(lines(run, "free")).contains("free " + child);
    assertThat(lines(run, "wait")).isNotEmpty().allMatch(l -> l.equals("wait 0"));
    assertThat(lines(run, "switches")).containsExactly("switches 1 1 1");
  }

  @Test
  void signalAliasesSeeASignalAProcessSendsItself() {
    var run = run("""
        probe signal.syskill { if (pid() == target())
          printf("syskill %s %d %s %d\\n", name, sig, sig_name, sig_pid - target()) }
        probe signal.syskill.return { if (pid() == target())
          printf("syskill.return %s %s\\n", name, retstr) }
        probe signal.send { if (pid() == target() && sig == 10)
          printf("send %s %d %s %d %s %d\\n", name, sig, sig_name, sig_pid - target(), pid_name,
                 shared) }
        probe signal.handle { if (pid() == target() && sig == 10)
          printf("handle %d %s %d %s %d\\n", sig, sig_name, sig_code, sig_mode, sinfo != 0) }
        probe scheduler.signal_send { if (pid() == target() && signal_number == 10)
          printf("signal_send %d\\n", pid - target()) }
        """, "/bin/sh -c 'trap \"exit 0\" USR1; kill -USR1 $$; /bin/sleep 1'");
    assertThat(lines(run, "syskill")).containsExactly("syskill syskill 10 SIGUSR1 0");
    assertThat(lines(run, "syskill.return")).containsExactly("syskill.return syskill 0");
    assertThat(lines(run, "send")).containsExactly("send signal_generate 10 SIGUSR1 0 sh 1");
    // kill(2) fills the siginfo with SI_USER (0)
    assertThat(lines(run, "handle")).containsExactly("handle 10 SIGUSR1 0 User Mode Signal 1");
    assertThat(lines(run, "signal_send")).containsExactly("signal_send 0");
  }

  @Test
  void ioblockSeesDirectWritesToALoopDevice(@TempDir Path dir) throws Exception {
    Path image = dir.resolve("disk.img");
    try (var f = java.nio.channels.FileChannel.open(image, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.WRITE)) {
      f.truncate(0);
      f.write(java.nio.ByteBuffer.allocate(1), (8L << 20) - 1);
    }
    String device = command("losetup", "-f", "--show", image.toString());
    assumeTrue(device != null && device.startsWith("/dev/loop"),
        "this machine has no loop device (losetup -f failed)");
    try {
      String name = device.substring("/dev/".length());
      var run = run("""
          global mine
          probe ioblock.request { if (pid() == target()) {
            mine[bio] = 1
            printf("request %s %d %d %d %s %d %d %d\\n", devname, sector, size, rw, bio_rw_str(rw),
                   bdev == bdev_contains, p_start_sect, ino) } }
          probe ioblock.end { if (bio in mine) {
            delete mine[bio]
            printf("end %s %d %d %d %d\\n", devname, bytes_done, error, rw, sector) } }
          """, "/bin/dd if=/dev/zero of=" + device
              + " bs=4096 count=2 seek=3 oflag=direct status=none");
      // 4096-byte blocks 3 and 4: sectors 24 and 32; a whole disk; a write (REQ_OP_WRITE 1);
      // no file's page (a raw device)
      assertThat(lines(run, "request")).containsExactly(
          "request " + name + " 24 4096 1 W 1 0 -1", "request " + name + " 32 4096 1 W 1 0 -1");
      // a loop device takes requests: the completion is the request's, its sector its first
      assertThat(lines(run, "end")).containsExactly("end " + name + " 4096 0 1 24",
          "end " + name + " 4096 0 1 32");
    } finally {
      command("losetup", "-d", device);
    }
  }

  @Test
  void netdevSeesAUdpPacketOnLoopback() {
    var run = run("""
        global received
        probe netdev.transmit { if (pid() == target())
          printf("transmit %s %d 0x%x %d\\n", dev_name, length, protocol, truesize > length) }
        probe netdev.hard_transmit { if (pid() == target())
          printf("hard_transmit %s %d\\n", dev_name, length) }
        probe netdev.receive { if (dev_name == "lo" && length == 20 + 8 + 17 && !received++)
          printf("receive %s %d 0x%x\\n", dev_name, length, protocol) }
        """, "/bin/bash -c 'printf 01234567890123456 > /dev/udp/127.0.0.1/9'");
    // 17 bytes in UDP (8) in IPv4 (20) in Ethernet (14); ETH_P_IP (0x0800) as the packet
    // holds it, read on a little-endian machine
    assertThat(lines(run, "transmit")).first().isEqualTo("transmit lo 59 0x8 1");
    assertThat(lines(run, "hard_transmit")).first().isEqualTo("hard_transmit lo 59");
    assertThat(lines(run, "receive")).containsExactly("receive lo 45 0x8");
  }

  @Test
  void memoryAliasesSeeFaultsAndAllocations() {
    var run = run("""
        global faults, writes, zero, allocs, bad, frees, cache
        probe vm.pagefault { if (pid() == target()) { faults++; writes += write_access
          if (address == 0) zero++ } }
        probe vm.kmalloc { allocs++; if (bytes_alloc < bytes_req || name != "kmalloc") bad++ }
        probe vm.kfree { frees++ }
        probe vm.kmem_cache_alloc { if (bytes_alloc >= bytes_req && ptr != 0) cache++ }
        probe end { printf("vm %d %d %d %d %d %d %d\\n", faults > 10, writes > 0, zero, allocs > 0,
                           bad, frees > 0, cache > 0) }
        """, "/bin/dd if=/dev/zero of=/dev/null bs=4M count=1 status=none");
    assertThat(lines(run, "vm")).containsExactly("vm 1 1 0 1 0 1 1");
  }

  @Test
  void interruptAliasesSeeADiskInterrupt(@TempDir Path dir) {
    var run = run("""
        global entries, exits, soft
        probe irq_handler.entry { if (!entries++)
          printf("entry %d %d %d\\n", irq >= 0, strlen(kernel_string(dev_name)) > 0, handler != 0) }
        probe irq_handler.exit { if (!exits++) printf("exit %d\\n", ret >= 0 && ret <= 2) }
        probe softirq.entry { if (vec_nr < 0 || vec_nr > 9) soft++ }
        probe softirq.exit { if (vec_nr < 0 || vec_nr > 9) soft++ }
        probe end { printf("soft %d\\n", soft) }
        """, "/bin/dd if=/dev/zero of=" + dir.resolve("f") + " bs=64k count=16 oflag=direct"
            + " status=none");
    assumeTrue(!lines(run, "entry").isEmpty(),
        "no device interrupt during the direct writes (the disk completes without interrupts)");
    assertThat(lines(run, "entry")).containsExactly("entry 1 1 1");
    assertThat(lines(run, "exit")).containsExactly("exit 1");
    assertThat(lines(run, "soft")).containsExactly("soft 0");
  }

  @Test
  void syscallAnyNamesEveryCall() {
    var run = run("""
        probe syscall_any { if (pid() == target()) printf("enter %s %d\\n", name, syscall_nr) }
        probe syscall_any.return { if (pid() == target() && name == "brk")
          printf("return %s %d %d\\n", name, syscall_nr, retval > 0) }
        probe nd_syscall.exit_group { if (pid() == target()) printf("nd %s %s\\n", name, argstr) }
        """, "/bin/true");
    // x86-64 numbers (arch/x86/entry/syscalls/syscall_64.tbl)
    assertThat(lines(run, "enter")).contains("enter brk 12", "enter exit_group 231");
    assertThat(lines(run, "return")).contains("return brk 12 1");
    assertThat(lines(run, "nd")).containsExactly("nd exit_group 0");
  }

  @Test
  void taskFunctionsReadTheCurrentTask() throws IOException {
    var run = run("""
        probe kernel.trace("syscalls:sys_enter_exit_group") { if (pid() == target()) {
          t = task_current()
          printf("ids %d %d %d %d %d %d %d %d\\n", task_pid(t) - pid(), task_tid(t) - tid(),
                 task_pid(task_parent(t)) - ppid(), task_uid(t) - uid(), task_gid(t) - gid(),
                 task_euid(t) - euid(), task_egid(t) - egid(), task_cpu(t) - cpu())
          printf("names %s %s\\n", task_execname(t), execname())
          printf("sched %d %d %d\\n", task_state(t), task_nice(t), task_prio(t))
          printf("limits %d %d %d\\n", task_rlimit(t, "nofile"), task_rlimit_nofile(t),
                 task_max_file_handles(t) > 0)
          printf("session %d %d\\n", sid(), pgrp())
          printf("context %d %d %d\\n", user_mode(), registers_valid(), cpuid() - cpu())
          print_syms(backtrace())
        } }
        """, "/usr/bin/nice -n 5 /bin/true");
    assertThat(lines(run, "ids")).containsExactly("ids 0 0 0 0 0 0 0 0");
    assertThat(lines(run, "names")).containsExactly("names true true");
    // running; nice 5 is prio 125, which SystemTap shows as 125 - MAX_RT_PRIO (100)
    assertThat(lines(run, "sched")).containsExactly("sched 0 5 25");
    // the command inherits this JVM's limits, session and process group
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    String limits = Files.readString(Path.of("/proc/self/limits"));
    var nofile = match("(?s).*Max open files\\s+(\\d+).*", limits).group(1);
    assertThat(lines(run, "limits")).containsExactly("limits " + nofile + " " + nofile + " 1");
    assertThat(lines(run, "session")).containsExactly("session " + fields[3] + " " + fields[2]);
    // a tracepoint runs in the kernel, without the interrupted registers
    assertThat(lines(run, "context")).containsExactly("context 0 0 0");
    // the stack of the system call's entry, one symbolized frame per line
    assertThat(run.out()).containsPattern(
        "(?m)^ 0x[0-9a-f]{16} : do_syscall_64\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[kernel\\]$");
  }

  @Test
  void userModeTellsUserFromKernelSamples() {
    var run = run("""
        global user, kernel
        probe timer.profile { if (pid() == target()) { if (user_mode()) user++; else kernel++ } }
        probe end { printf("samples %d %d\\n", user > 0, registers_valid()) }
        """, "/bin/sh -c 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done'");
    assertThat(lines(run, "samples")).containsExactly("samples 1 0");
  }

  @Test
  void printSymsInUserSpaceLooksKernelAddressesUp() throws IOException {
    String schedule = Files.readAllLines(Path.of("/proc/kallsyms")).stream()
        .filter(l -> l.endsWith(" T schedule")).findFirst().orElseThrow().split(" ")[0];
    assumeTrue(!schedule.matches("0+"), "kernel addresses are hidden (kptr_restrict)");
    var run = CliRun.of("-e", "probe begin { print(sprint_syms(\"0x" + schedule
        + " 0x0\")); exit() }");
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).matches(" 0x" + schedule + " : schedule\\+0x0/0x[0-9a-f]+ \\[kernel\\]\n"
        + " 0x0000000000000000 : 0x0\n");
  }

  @Test
  void definedDecidesWhileCompilingThroughMembers() {
    var run = CliRun.of("-e", """
        probe kernel.trace("sched:sched_switch") {
          a = @choose_defined($prev->no_such_member, $prev->pid)
          b = @choose_defined($prev->pid, $prev->no_such_member)
          c = @choose_defined($no_such_variable, 7)
          printf("%d %d %d %d %d %d\\n", a == b, c, @defined($prev->comm),
                 @type_defined("task_struct"), @type_defined("no_such_type"),
                 @type_member_defined("task_struct", no_such_member))
          if (@defined($no_such_variable) && $no_such_variable > 0) println("never")
          exit()
        }
        """);
    assertThat(run.err()).isEmpty();
    // exit() stops new handlers; one already running on the other CPU may still print.
    assertThat(run.out().lines()).isNotEmpty().allMatch("1 7 1 1 0 0"::equals);
  }

  @Test
  void loopsOneAfterAnotherLoad() {
    // Each loop has its own count: the verifier no longer multiplies their iterations.
    var run = CliRun.of("-e", """
        probe kernel.trace("sched:sched_switch") {
          for (i = 0; i < 100; i++) a .= "x"
          for (j = 0; j < 100; j++) b .= "y"
          for (k = 0; k < 100; k++) n++
          printf("%d %d %d\\n", strlen(a) > 0, strlen(b) > 0, n)
          exit()
        }
        """);
    assertThat(run.err()).isEmpty();
    // exit() stops new handlers; one already running on the other CPU may still print.
    assertThat(run.out().lines()).isNotEmpty().allMatch("1 1 100"::equals);
  }

  /** Runs a command; its trimmed stdout, or null when it fails. */
  private static String command(String... args) throws IOException, InterruptedException {
    var p = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return null;
    }
    return p.exitValue() == 0 ? out : null;
  }
}
