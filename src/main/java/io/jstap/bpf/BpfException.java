package io.jstap.bpf;

import io.jstap.bpf.sys.SyscallException;

/**
 * A kernel object could not be created, loaded, attached or read. The message names the system
 * call and the errno ({@code bpf(BPF_MAP_CREATE): Operation not permitted (EPERM)}) and what jstap
 * was doing; {@link #errno()} is 0 when no system call failed.
 */
public class BpfException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int errno;
  private final String errnoName;

  public BpfException(String message) {
    super(message);
    this.errno = 0;
    this.errnoName = null;
  }

  BpfException(String message, int errno, String errnoName, Throwable cause) {
    super(message, cause);
    this.errno = errno;
    this.errnoName = errnoName;
  }

  static BpfException of(SyscallException e) {
    return new BpfException(e.getMessage(), e.errno(), e.errnoName(), e);
  }

  static BpfException of(SyscallException e, String detail) {
    return new BpfException(e.getMessage() + ": " + detail, e.errno(), e.errnoName(), e);
  }

  public int errno() {
    return errno;
  }

  /** The errno's symbolic name ({@code EACCES}), or null when no system call failed. */
  public String errnoName() {
    return errnoName;
  }
}
