package io.jstap.module;

/**
 * A module that cannot be run: damaged, written by an incompatible jstap, or built for another
 * kernel. The message says which, and what to do.
 */
public final class ModuleException extends Exception {
  private static final long serialVersionUID = 1L;

  public ModuleException(String message) {
    super(message);
  }

  public ModuleException(String message, Throwable cause) {
    super(message, cause);
  }
}
