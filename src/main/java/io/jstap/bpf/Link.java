package io.jstap.bpf;

import io.jstap.bpf.sys.Bpf;
import io.jstap.bpf.sys.Syscall;
import io.jstap.bpf.sys.SyscallException;

/** A BPF link: a raw tracepoint, an fentry/fexit attachment, or a program on a perf event. */
public final class Link implements Attachment {
  private final int fd;
  private final String description;
  private volatile boolean closed;

  Link(int fd, String description) {
    this.fd = fd;
    this.description = description;
  }

  /** Attaches a {@link ProgramType#RAW_TRACEPOINT} program to the raw tracepoint {@code name} (e.g. "sys_enter"). */
  public static Link rawTracepoint(BpfProgram program, String name) {
    if (program.type() != ProgramType.RAW_TRACEPOINT) {
      throw new IllegalArgumentException(program + " is not a raw tracepoint program");
    }
    Features.require(Feature.RAW_TRACEPOINTS);
    try {
      return new Link(Bpf.rawTracepointOpen(name, program.fd()), program + " on raw tracepoint " + name);
    } catch (SyscallException e) {
      String hint = e.errno() == 2 ? " (no raw tracepoint by that name in this kernel)" : "";
      throw BpfException.of(e, "attaching " + program + " to raw tracepoint " + name + hint);
    }
  }

  /**
   * Attaches a {@link ProgramType#TRACING} program (fentry/fexit, loaded with the target's BTF id).
   */
  public static Link tracing(BpfProgram program) {
    if (program.type() != ProgramType.TRACING) {
      throw new IllegalArgumentException(program + " is not a tracing (fentry/fexit) program");
    }
    Features.require(Feature.FENTRY);
    try {
      return new Link(Bpf.rawTracepointOpen(null, program.fd()), program + " on BTF function #" + program.spec().attachBtfId());
    } catch (SyscallException e) {
      throw BpfException.of(e, "attaching " + program);
    }
  }

  public int fd() {
    return fd;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    Syscall.close(fd);
  }

  @Override
  public String toString() {
    return description;
  }
}
