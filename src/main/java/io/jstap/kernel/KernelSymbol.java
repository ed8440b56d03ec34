package io.jstap.kernel;

/**
 * One line of /proc/kallsyms.
 *
 * @param address the symbol's address
 * @param type nm's type letter: T/t text, D/d data, B/b bss, R/r read-only, W weak, A absolute
 * @param name the symbol's name
 * @param module the module's name, empty for the kernel image
 */
public record KernelSymbol(long address, char type, String name, String module) {
  /** Whether the symbol is code (nm types T, t, W, w). */
  public boolean isText() {
    return type == 'T' || type == 't' || type == 'W' || type == 'w';
  }
}
