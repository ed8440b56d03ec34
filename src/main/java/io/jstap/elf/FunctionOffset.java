package io.jstap.elf;

/**
 * An address in a program as a function plus an offset: {@code main+0x1b}.
 *
 * @param function the function's name
 * @param functionAddress the function's address
 * @param offset the distance from it
 */
public record FunctionOffset(String function, long functionAddress, long offset) {
  @Override
  public String toString() {
    return function + "+0x" + Long.toHexString(offset);
  }
}
