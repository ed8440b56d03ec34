package io.jstap.sema;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small, fixed machine for resolution tests. */
final class FixtureEnvironment implements ProbeEnvironment {
  static final Map<String, List<TracepointArg>> TRACEPOINTS = Map.of(
      "syscalls:sys_enter_openat", List.of(
          new TracepointArg("__syscall_nr", "int"), new TracepointArg("dfd", "int"),
          new TracepointArg("filename", "const char *"), new TracepointArg("flags", "int"),
          new TracepointArg("mode", "umode_t")),
      "syscalls:sys_exit_openat", List.of(new TracepointArg("__syscall_nr", "int"),
          new TracepointArg("ret", "long")),
      "syscalls:sys_enter_getppid", List.of(new TracepointArg("__syscall_nr", "int")),
      "syscalls:sys_exit_getppid", List.of(new TracepointArg("__syscall_nr", "int"),
          new TracepointArg("ret", "long")),
      "sched:sched_switch", List.of(new TracepointArg("preempt", "bool")),
      "raw_syscalls:sys_enter", List.of(new TracepointArg("regs", "struct pt_regs *"),
          new TracepointArg("id", "long")),
      "raw_syscalls:sys_exit", List.of(new TracepointArg("regs", "struct pt_regs *"),
          new TracepointArg("ret", "long")),
      "sched:sched_process_exec", List.of(),
      "skb:kfree_skb", List.of(new TracepointArg("skb", "struct sk_buff *"),
          new TracepointArg("location", "void *"), new TracepointArg("rx_sk", "struct sock *"),
          new TracepointArg("reason", "enum skb_drop_reason")));

  @Override
  public List<String> tracepoints() {
    return TRACEPOINTS.keySet().stream().sorted().toList();
  }

  @Override
  public List<TracepointArg> tracepointArgs(String subsystem, String event) {
    return TRACEPOINTS.getOrDefault(subsystem + ":" + event, List.of());
  }

  @Override
  public List<String> kernelFunctions() {
    return List.of("vfs_read", "vfs_write", "do_sys_open");
  }

  @Override
  public Optional<String> resolveBinary(String nameOrPath, boolean library) {
    return nameOrPath.equals("/bin/true") || nameOrPath.equals("true")
        ? Optional.of("/bin/true") : Optional.empty();
  }

  @Override
  public Optional<String> executableOf(long pid) {
    return pid == 1 ? Optional.of("/bin/true") : Optional.empty();
  }

  @Override
  public List<String> functions(String binary) {
    return List.of("main", "usage", "version_etc");
  }

  @Override
  public List<String> marks(String binary) {
    return List.of("libc:setjmp", "libc:longjmp");
  }
}
