package io.jstap.kernel.btf;

/**
 * BTF data that this reader cannot use (truncated, unknown kind, bad id), or a question about a
 * type that has no answer (the size of an incomplete struct). The message says which type and why.
 */
public final class BtfException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BtfException(String message) {
    super(message);
  }
}
