package io.jstap.sema;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.lang.Diagnostics;
import io.jstap.lang.Frontend;
import io.jstap.lang.PreprocessorContext;
import io.jstap.lang.Source;
import io.jstap.sema.ProbeEnvironment.TracepointArg;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * jstap's tapset against a machine with the tracepoints of Linux 6.18: which events each
 * alias resolves to, and the types of the variables it gives. (What the variables hold is
 * checked on the running kernel, in io.jstap.tapset.TapsetKernelTest.)
 */
class TapsetResolutionTest {
  /** The tracepoints the tapset uses, with the arguments the syscall aliases read. */
  private static final Map<String, List<TracepointArg>> TRACEPOINTS = new LinkedHashMap<>();

  static {
    for (String tp : List.of("raw_syscalls:sys_enter", "raw_syscalls:sys_exit",
        "sched:sched_process_fork", "sched:sched_process_exit", "sched:sched_process_free",
        "sched:sched_process_wait", "sched:sched_switch", "sched:sched_wakeup",
        "sched:sched_wakeup_new", "sched:sched_migrate_task", "sched:sched_kthread_stop",
        "sched:sched_kthread_stop_ret", "sched:sched_wait_task", "signal:signal_generate",
        "signal:signal_deliver", "block:block_bio_queue", "block:block_bio_complete",
        "block:block_rq_complete", "net:net_dev_queue", "net:net_dev_start_xmit",
        "net:netif_receive_skb", "net:netif_rx", "exceptions:page_fault_user",
        "exceptions:page_fault_kernel", "kmem:kmalloc", "kmem:kfree", "kmem:kmem_cache_alloc",
        "kmem:kmem_cache_free", "oom:mark_victim", "irq:irq_handler_entry",
        "irq:irq_handler_exit", "irq:softirq_entry", "irq:softirq_exit",
        "workqueue:workqueue_queue_work", "workqueue:workqueue_execute_start")) {
      TRACEPOINTS.put(tp, List.of());
    }
    var nr = new TracepointArg("__syscall_nr", "int");
    var ret = List.of(nr, new TracepointArg("ret", "long"));
    syscall("execve", List.of(nr, new TracepointArg("filename", "const char *"),
        new TracepointArg("argv", "const char *const *"),
        new TracepointArg("envp", "const char *const *")), ret);
    syscall("execveat", List.of(nr, new TracepointArg("fd", "int"),
        new TracepointArg("filename", "const char *"),
        new TracepointArg("argv", "const char *const *"),
        new TracepointArg("envp", "const char *const *"), new TracepointArg("flags", "int")),
        ret);
    for (String call : List.of("clone", "clone3", "fork", "vfork")) {
      syscall(call, List.of(nr), ret);
    }
    syscall("kill", List.of(nr, new TracepointArg("pid", "pid_t"),
        new TracepointArg("sig", "int")), ret);
    syscall("tkill", List.of(nr, new TracepointArg("pid", "pid_t"),
        new TracepointArg("sig", "int")), ret);
    syscall("tgkill", List.of(nr, new TracepointArg("tgid", "pid_t"),
        new TracepointArg("pid", "pid_t"), new TracepointArg("sig", "int")), ret);
    syscall("openat", List.of(nr, new TracepointArg("dfd", "int"),
        new TracepointArg("filename", "const char *"), new TracepointArg("flags", "int"),
        new TracepointArg("mode", "umode_t")), ret);
  }

  private static void syscall(String name, List<TracepointArg> enter, List<TracepointArg> exit) {
    TRACEPOINTS.put("syscalls:sys_enter_" + name, enter);
    TRACEPOINTS.put("syscalls:sys_exit_" + name, exit);
  }

  private static final ProbeEnvironment LINUX_6_18 = new ProbeEnvironment() {
    @Override
    public List<String> tracepoints() {
      return List.copyOf(TRACEPOINTS.keySet());
    }

    @Override
    public List<TracepointArg> tracepointArgs(String subsystem, String event) {
      return TRACEPOINTS.getOrDefault(subsystem + ":" + event, List.of());
    }

    @Override
    public List<String> kernelFunctions() {
      return List.of();
    }

    @Override
    public Optional<String> resolveBinary(String nameOrPath, boolean library) {
      return Optional.empty();
    }

    @Override
    public Optional<String> executableOf(long pid) {
      return Optional.empty();
    }

    @Override
    public List<String> functions(String binary) {
      return List.of();
    }

    @Override
    public List<String> marks(String binary) {
      return List.of();
    }
  };

  record Checked(CheckedScript script, Diagnostics diagnostics) {
    List<String> points() {
      return script.probes().stream().map(ResolvedProbe::point).toList();
    }

    Type local(String name) {
      return script.handlerLocals().get(0).get(name).type();
    }
  }

  /** Checks a script with the tapset files it reaches, as jstap runs it. */
  static Checked check(String text) {
    return check(text, false);
  }

  static Checked check(String text, boolean everyTapsetFile) {
    var diagnostics = new Diagnostics();
    var context = PreprocessorContext.of("6.18.0", "x86_64", Map.of());
    var macros = Tapset.macros(context, diagnostics);
    var script = Frontend.parse(new Source("t.stp", text), context, macros, diagnostics);
    var tapsets = everyTapsetFile ? Tapset.load(context, macros, List.of(), diagnostics)
        : Tapset.reach(script, List.of(), context, macros, diagnostics).scripts();
    var syscalls = new SyscallAliases(LINUX_6_18,
        s -> Frontend.parseTapset(s, context, macros, diagnostics), java.util.Set.of());
    var inputs = new Semantics.Inputs(tapsets, LINUX_6_18, syscalls, null, false);
    return new Checked(Semantics.check(script, inputs, diagnostics), diagnostics);
  }

  @Test
  void everyTapsetFileParsesAndEveryFunctionTypeChecks() {
    var c = check("probe begin { exit() }", true);
    assertThat(c.diagnostics().render()).isEmpty();
    // A tapset's globals exist only for the scripts that reach them; argv.stp's begin probe
    // (which comes with the file) fills argv[] from argv_1..argv_32.
    var argv = new java.util.ArrayList<String>(List.of("argv"));
    for (int i = 1; i <= 32; i++) argv.add("argv_" + i);
    assertThat(c.script().globals().keySet()).containsExactlyInAnyOrderElementsOf(argv);
    assertThat(check("probe begin { exit() }").script().globals()).isEmpty();
  }

  @Test
  void unknownFamiliesSuggestTapsetAliasesOrSayWhyTheyAreMissing() {
    assertThat(check("probe schedular.cpu_off { }").diagnostics().render())
        .contains("unknown probe point 'schedular.cpu_off'").contains("did you mean 'scheduler'?");
    assertThat(check("probe tcp.sendmsg { }").diagnostics().render())
        .contains("SystemTap's tcp.* aliases are built on kernel functions (kprobes)")
        .contains("kernel.trace(\"tcp:*\")");
    assertThat(check("probe foo.bar { }").diagnostics().render())
        .contains("probe points start with one of:").contains("scheduler").doesNotContain("__");
  }

  @Test
  void syscallAnyIsOneProbeOnTheRawEvents() {
    var c = check("probe syscall_any { printf(\"%s %d\\n\", name, syscall_nr) }"
        + " probe syscall_any.return { println(retval) }");
    assertThat(c.diagnostics().render()).isEmpty();
    assertThat(c.points()).containsExactly("kernel.trace(\"raw_syscalls:sys_enter\")",
        "kernel.trace(\"raw_syscalls:sys_exit\")");
    assertThat(c.local("name")).isEqualTo(Type.STRING);
    assertThat(c.local("syscall_nr")).isEqualTo(Type.LONG);
  }

  @Test
  void ndSyscallIsSyscall() {
    var c = check("probe nd_syscall.openat { println(filename) }"
        + " probe nd_syscall.openat.return { println(retstr) } probe nd_syscall.* { }");
    assertThat(c.diagnostics().render()).isEmpty();
    assertThat(c.points()).containsExactly("kernel.trace(\"syscalls:sys_enter_openat\")",
        "kernel.trace(\"syscalls:sys_exit_openat\")", "kernel.trace(\"raw_syscalls:sys_enter\")");
  }

  @Test
  void kprocessAliases() {
    var c = check("""
        probe kprocess.create { println(new_pid, new_tid, task) }
        probe kprocess.start { println(pid()) }
        probe kprocess.exec { println(name, filename, args, argstr) }
        probe kprocess.exec_complete { println(name, errno, success, retstr) }
        probe kprocess.exit { println(code) }
        probe kprocess.release { println(released_pid, released_tid, pid, task) }
        """);
    assertThat(c.diagnostics().render()).isEmpty();
    assertThat(c.points()).containsExactly(
        "kernel.trace(\"sched:sched_process_fork\")",
        "kernel.trace(\"syscalls:sys_exit_clone\")", "kernel.trace(\"syscalls:sys_exit_clone3\")",
        "kernel.trace(\"syscalls:sys_exit_fork\")", "kernel.trace(\"syscalls:sys_exit_vfork\")",
        "kernel.trace(\"syscalls:sys_enter_execve\")",
        "kernel.trace(\"syscalls:sys_enter_execveat\")",
        "kernel.trace(\"syscalls:sys_exit_execve\")",
        "kernel.trace(\"syscalls:sys_exit_execveat\")",
        "kernel.trace(\"sched:sched_process_exit\")", "kernel.trace(\"sched:sched_process_free\")");
    var exec = c.script().handlerLocals().get(2);
    assertThat(exec.get("args").type()).isEqualTo(Type.STRING);
    assertThat(exec.get("filename").type()).isEqualTo(Type.STRING);
    assertThat(c.script().handlerLocals().get(3).get("success").type()).isEqualTo(Type.LONG);
  }

  @Test
  void schedulerWildcardCoversEveryAliasWithATracepoint() {
    var c = check("probe scheduler.* { println(name) }");
    assertThat(c.diagnostics().render()).isEmpty();
    assertThat(c.points()).containsExactly(
        "kernel.trace(\"sched:sched_switch\")", "kernel.trace(\"sched:sched_switch\")",
        "kernel.trace(\"sched:sched_kthread_stop\")", "kernel.trace(\"sched:sched_wait_task\")",
        "kernel.trace(\"sched:sched_wakeup\")", "kernel.trace(\"sched:sched_wakeup_new\")",
        "kernel.trace(\"sched:sched_migrate_task\")",
        "kernel.trace(\"sched:sched_process_free\")",
        "kernel.trace(\"sched:sched_process_exit\")",
        "kernel.trace(\"sched:sched_process_wait\")",
        "kernel.trace(\"sched:sched_process_fork\")", "kernel.trace(\"signal:signal_generate\")");
    var ctx = check("probe scheduler.ctxswitch { println(prev_task_name, next_pid, prevtsk_state) }");
    assertThat(ctx.diagnostics().render()).isEmpty();
    assertThat(ctx.local("prev_task_name")).isEqualTo(Type.STRING);
  }

  @Test
  void cpuOnIsLeftOutAndSaysWhatIsNear() {
    var c = check("probe scheduler.cpu_on { }");
    assertThat(c.diagnostics().render()).contains("probe point 'scheduler.cpu_on' does not exist")
        .contains("did you mean 'scheduler.cpu_off'?");
  }

  @Test
  void signalAliases() {
    var c = check("""
        probe signal.send { println(sig, sig_name, sig_pid, pid_name, si_code, shared, task) }
        probe signal.handle { println(sig_name, sig_code, sig_mode, ka_addr) }
        probe signal.syskill, signal.systkill, signal.systgkill { println(name, sig_name, sig_pid) }
        probe signal.syskill.return { println(retstr) }
        """);
    assertThat(c.diagnostics().render()).isEmpty();
    assertThat(c.points()).containsExactly("kernel.trace(\"signal:signal_generate\")",
        "kernel.trace(\"signal:signal_deliver\")", "kernel.trace(\"syscalls:sys_enter_kill\")",
        "kernel.trace(\"syscalls:sys_enter_tkill\")", "kernel.trace(\"syscalls:sys_enter_tgkill\")",
        "kernel.trace(\"syscalls:sys_exit_kill\")");
    assertThat(c.local("pid_name")).isEqualTo(Type.STRING);
  }

  @Test
  void ioblockEndIsTheBioAndTheRequestCompletion() {
    var c = check("probe ioblock.request { println(devname, sector, size, bdev_contains) }"
        + " probe ioblock.end { println(devname, bytes_done, error, bio) }");
    assertThat(c.diagnostics().render()).isEmpty();
    assertThat(c.points()).containsExactly("kernel.trace(\"block:block_bio_queue\")",
        "kernel.trace(\"block:block_bio_complete\")", "kernel.trace(\"block:block_rq_complete\")");
  }

  @Test
  void netdevMemoryAndInterruptAliases() {
    var c = check("""
        probe netdev.transmit, netdev.receive { println(dev_name, length, protocol, truesize) }
        probe vm.pagefault { println(address, write_access) }
        probe vm.kmalloc { println(bytes_req, bytes_alloc, ptr, call_site, gfp_flags) }
        probe vm.kfree { println(ptr) }
        probe irq_handler.entry { println(irq, dev_name, handler) }
        probe softirq.exit { println(vec_nr) }
        """);
    assertThat(c.diagnostics().render()).isEmpty();
    assertThat(c.points()).containsExactly("kernel.trace(\"net:net_dev_queue\")",
        "kernel.trace(\"net:netif_receive_skb\")", "kernel.trace(\"exceptions:page_fault_user\")",
        "kernel.trace(\"exceptions:page_fault_kernel\")", "kernel.trace(\"kmem:kmalloc\")",
        "kernel.trace(\"kmem:kfree\")", "kernel.trace(\"irq:irq_handler_entry\")",
        "kernel.trace(\"irq:softirq_exit\")");
  }

  @Test
  void contextAndTaskFunctionsHaveSystemTapsSignatures() {
    var c = check("""
        probe kernel.trace("sched:sched_switch") {
          t = task_current()
          println(task_pid(t), task_tid(t), task_parent(t), task_state(t), task_execname(t),
                  task_uid(t), task_euid(t), task_gid(t), task_egid(t), task_prio(t),
                  task_nice(t), task_cpu(t), task_max_file_handles(t),
                  task_rlimit(t, "nofile"), task_rlimit_nofile(t), pgrp(), sid(), user_mode(),
                  registers_valid(), cpuid(), MAJOR(MKDEV(8, 1)), MINOR(1), bdevname(0))
          print_syms(backtrace())
        }
        probe end {
          println(nsecs_to_string(1), msecs_to_string(1), usecs_to_string(1),
                  _signal_name(9), signal_str(9), tokenize("a b", " "), sprint_syms("0x1"),
                  thread_indent(1), remote_id(), remote_uri(), mem_page_size())
          ansi_clear_screen(); ansi_set_color(31); ansi_set_color(31, 40, 1)
        }
        """);
    assertThat(c.diagnostics().render()).isEmpty();
  }

  @Test
  void tapsetMacrosExpandInScripts() {
    var c = check("global r; probe kernel.trace(\"sched:sched_switch\") {"
        + " r = @choose_defined($prev, 0) + @this1; @this1 = 1 }"
        + " probe end { @prints1(s) } global s; probe begin { s[1] <<< 1 }");
    assertThat(c.diagnostics().render()).isEmpty();
    // @this1 brings in its tapset global, and only that one
    assertThat(c.script().globals()).containsOnlyKeys("r", "s", "__this_var1");
  }
}
