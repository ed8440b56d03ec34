package io.jstap.bpf;

/**
 * A program attached to an event; closing detaches it. Closing an attached tracepoint or probe
 * costs the kernel a grace period (70-95 ms measured), so owners close many at once with {@link
 * Attachments#closeAll}.
 */
public sealed interface Attachment extends AutoCloseable permits PerfEvent, Link {
  /** What is attached where, e.g. "program 'count' on tracepoint syscalls:sys_enter_getppid". */
  String description();

  @Override
  void close();
}
