package io.jstap.kernel;

/**
 * Something jstap needs to know about the kernel could not be found out: the message says what,
 * why, and what to do (e.g. the kernel exports no BTF).
 */
public final class KernelFactsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KernelFactsException(String message, Throwable cause) {
    super(message, cause);
  }
}
