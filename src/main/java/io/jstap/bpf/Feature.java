package io.jstap.bpf;

import io.jstap.kernel.KernelVersion;

/**
 * Kernel features jstap relies on, with the Linux release that introduced each and the build
 * option a kernel of that age may still lack (null when every kernel that new has it).
 */
public enum Feature {
  RING_BUFFER("ring buffer", "5.8", null, null),
  RAW_TRACEPOINTS("raw tracepoints", "4.17", "CONFIG_BPF_EVENTS", null),
  PERF_EVENTS("perf events", "4.9", "CONFIG_PERF_EVENTS", null),
  UPROBES("uprobes", "4.17", "CONFIG_UPROBE_EVENTS", null),
  KPROBES("kprobes", "4.17", "CONFIG_KPROBES", "use a tracepoint such as syscalls:sys_enter_openat"),
  FENTRY(
      "fentry/fexit (tracing programs)",
      "5.5",
      "CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS",
      "use a tracepoint or raw tracepoint instead"),
  PERF_EVENT_LINKS("BPF links for perf events", "5.15", null, null),
  PROBE_READ_KERNEL("bpf_probe_read_kernel/user helpers", "5.5", null, null),
  BTF("kernel BTF (/sys/kernel/btf/vmlinux)", "5.4", "CONFIG_DEBUG_INFO_BTF", null),
  SLEEPABLE_UPROBES("sleepable uprobe programs (bpf_copy_from_user)", "6.0", null, null);

  private final String description;
  private final KernelVersion since;
  private final String configOption;
  private final String alternative;

  Feature(String description, String since, String configOption, String alternative) {
    this.description = description;
    this.since = KernelVersion.parse(since);
    this.configOption = configOption;
    this.alternative = alternative;
  }

  public String description() {
    return description;
  }

  /** The Linux release that introduced the feature. */
  public KernelVersion since() {
    return since;
  }

  /** The kernel build option the feature needs besides a recent enough kernel, or null. */
  public String configOption() {
    return configOption;
  }

  /** What a user can do instead, or null. */
  public String alternative() {
    return alternative;
  }
}
