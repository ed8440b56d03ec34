package io.jstap.kernel;

import io.jstap.bpf.sys.Syscall;
import io.jstap.bpf.sys.SyscallException;

/**
 * Signals to other processes with kill(2), without starting a {@code kill} process (which
 * would itself be traced: an exec seen by {@code process.begin}, system calls by
 * {@code syscall.*}).
 */
public final class ProcessSignals {
  /** SIGCONT: 18 on x86 and in include/uapi/asm-generic/signal.h (arm64). */
  public static final int SIGCONT = 18;

  private ProcessSignals() {}

  /**
   * Sends {@code signal} to {@code pid}.
   *
   * @throws IllegalStateException when the kernel refuses (the process is gone: ESRCH)
   */
  public static void send(long pid, int signal) {
    try {
      Syscall.kill(pid, signal);
    } catch (SyscallException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
