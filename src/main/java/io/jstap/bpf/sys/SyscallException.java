package io.jstap.bpf.sys;

import io.jstap.errno.Errno;

/**
 * A failed system call: {@code bpf(BPF_PROG_LOAD): Permission denied (EACCES)}, optionally
 * followed by what jstap was doing.
 */
public final class SyscallException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String call;
  private final int errno;

  public SyscallException(String call, int errno) {
    this(call, errno, null);
  }

  public SyscallException(String call, int errno, String detail) {
    super(
        call
            + ": "
            + Errno.text(errno)
            + " ("
            + Errno.name(errno)
            + ")"
            + (detail == null ? "" : ": " + detail));
    this.call = call;
    this.errno = errno;
  }

  /** The call as written in the message, e.g. {@code bpf(BPF_MAP_CREATE)}. */
  public String call() {
    return call;
  }

  public int errno() {
    return errno;
  }

  /** The errno's symbolic name, e.g. {@code EACCES}. */
  public String errnoName() {
    return Errno.name(errno);
  }

  /** The same failure with more context appended to the message. */
  public SyscallException withDetail(String detail) {
    var e = new SyscallException(call, errno, detail);
    e.setStackTrace(getStackTrace());
    return e;
  }
}
