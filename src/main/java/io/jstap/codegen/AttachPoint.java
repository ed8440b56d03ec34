package io.jstap.codegen;

/** Where a compiled program attaches (what the runtime asks the kernel for). */
public sealed interface AttachPoint {
  /** BPF_RAW_TRACEPOINT_OPEN on the event's name. */
  record RawTracepoint(String event) implements AttachPoint {}

  /** A tracepoint perf event (its id from tracefs). */
  record Tracepoint(String subsystem, String event) implements AttachPoint {}

  /**
   * A uprobe or uretprobe on a file offset of a binary; {@code refCtrOffset} is the USDT
   * semaphore's file offset (0: none); {@code pid} limits it to one process (0: all).
   */
  record Uprobe(String binary, long fileOffset, boolean isReturn, long refCtrOffset, long pid)
      implements AttachPoint {}

  /** A perf event on every CPU. */
  record PerfEvent(int type, long config, long period, boolean frequency) implements AttachPoint {}

  /** A kprobe or kretprobe, where the kernel has them. */
  record Kprobe(String function, boolean isReturn) implements AttachPoint {}
}
