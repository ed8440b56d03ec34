package io.jstap.bpf;

/** Program types jstap loads (enum bpf_prog_type, include/uapi/linux/bpf.h). */
public enum ProgramType {
  /** kprobes, kretprobes, uprobes and uretprobes: the context is struct pt_regs. */
  KPROBE(2),
  /** classic tracepoints: the context is the event's record, as its format file describes. */
  TRACEPOINT(5),
  /** perf events (timers, profiling): the context is struct bpf_perf_event_data. */
  PERF_EVENT(7),
  /** raw tracepoints: the context is an array of u64 arguments. */
  RAW_TRACEPOINT(17),
  /** fentry/fexit and BTF-typed raw tracepoints (needs BTF and BPF trampolines). */
  TRACING(26);

  private final int id;

  ProgramType(int id) {
    this.id = id;
  }

  public int id() {
    return id;
  }
}
